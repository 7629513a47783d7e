//! `#[acquires]`, `#[requires]` and `#[excludes]` on every kind of function
//! they support; attributes, docs, visibility and signatures survive.
#![deny(missing_docs, unused)]
#![allow(dead_code)]

use lockorder::{acquires, excludes, requires};

lockorder::hierarchy! { pub Semester > UserLicense > TournamentParticipation; }

/// A free function with a doc comment, `#[must_use]` and `#[inline]`.
#[must_use]
#[inline]
#[acquires(Semester, UserLicense, pipeline = "reward", entity_id = id, caller = "free")]
pub fn free(id: i64) -> i64 {
    id + 1
}

/// `?` inside the body.
#[acquires(Semester)]
pub fn fallible(input: &str) -> Result<i64, std::num::ParseIntError> {
    let n: i64 = input.parse()?;
    Ok(n)
}

/// A generic function with a where-clause and an early return.
#[acquires(UserLicense, entity_id = key.clone())]
pub fn generic<K, V>(key: K, value: V) -> Option<V>
where
    K: Clone + Into<lockorder::EntityId>,
    V: Default + PartialEq,
{
    if value == V::default() {
        return None;
    }
    Some(value)
}

/// `#[track_caller]` is kept.
#[track_caller]
#[acquires(TournamentParticipation)]
pub fn tracked() -> u32 {
    std::panic::Location::caller().line()
}

/// `unsafe fn` and `impl Trait` returns.
///
/// # Safety
/// None needed.
#[acquires(Semester)]
pub unsafe fn unsafe_fn() -> impl std::fmt::Display {
    7
}

/// Several lock attributes; the contracts come first whatever their order.
#[excludes(Semester)]
#[acquires(Semester)]
#[acquires(UserLicense)]
#[lockorder::excludes(UserLicense)]
pub fn stacked() {}

/// A type with methods.
pub struct Finalizer {
    semester: i64,
}

impl Finalizer {
    /// A method with `&self`.
    #[acquires(Semester, pipeline = "reward", entity_id = self.semester)]
    pub fn finalize(&self) -> i64 {
        self.semester
    }

    /// An associated function.
    #[acquires(Semester)]
    pub fn new() -> Self {
        Finalizer { semester: 1 }
    }

    /// `&mut self`, `mut` parameter patterns.
    #[requires(Semester)]
    pub fn bump(&mut self, mut by: i64) {
        by += 1;
        self.semester += by;
    }
}

/// A trait with a default method and a required one.
pub trait Distribute {
    /// Required.
    fn distribute(&self) -> u32;

    /// Default body, annotated.
    #[acquires(UserLicense)]
    fn default_body(&self) -> u32 {
        self.distribute() + 1
    }
}

impl Distribute for Finalizer {
    #[excludes(UserLicense)]
    #[acquires(UserLicense)]
    fn distribute(&self) -> u32 {
        3
    }
}

impl<T: Clone> Distribute for Vec<T> {
    #[acquires(UserLicense)]
    fn distribute(&self) -> u32 {
        self.len() as u32
    }
}

/// `async fn` with `?` and an `.await` inside.
#[acquires(Semester, pipeline = "reward")]
pub async fn async_fallible(input: String) -> Result<i64, std::num::ParseIntError> {
    std::future::ready(()).await;
    let n: i64 = input.parse()?;
    Ok(n)
}

/// `async fn` returning a reference tied to a parameter.
#[requires(Semester)]
pub async fn async_borrow(s: &str) -> &str {
    s
}

/// `async fn` with `impl Trait` output.
#[acquires(UserLicense)]
pub async fn async_impl() -> impl std::fmt::Debug {
    1
}

/// A raw identifier as the name.
#[acquires(Semester)]
pub fn r#match() {}

fn main() {}
