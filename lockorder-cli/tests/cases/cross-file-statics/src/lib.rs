//! Statics in two modules (two files), locked from each other's module.
pub mod cache;
pub mod db;
