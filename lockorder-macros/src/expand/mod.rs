//! Code generation. Generated code reaches the runtime only through
//! `::lockorder::__private`.

pub(crate) mod caller;
pub(crate) mod function;
pub(crate) mod hierarchy;
