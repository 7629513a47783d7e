//! Each iteration's guard is kept (pushed into a vector declared before the
//! loop, or collected from `map`), so the loop holds several accounts at
//! once, in whatever order the caller's ids come: two transfers over the
//! same accounts in opposite orders deadlock. `settle` drops its vector
//! before it takes the ledger (so do `settle_cleared`, with `clear()`, and
//! `settle_consumed`, whose `for` loop takes the guards by value): no edge
//! into the ledger, no cycle with `audit`.
use std::sync::{Mutex, MutexGuard};

pub struct Bank {
    accounts: Vec<Mutex<i64>>,
    ledger: Mutex<i64>,
}

impl Bank {
    pub fn lock_listed(&self, ids: &[usize]) -> i64 {
        let mut guards = Vec::new();
        for &i in ids {
            guards.push(self.accounts[i].lock().unwrap());
        }
        guards.iter().map(|g| **g).sum()
    }

    pub fn lock_every(&self) -> usize {
        let guards: Vec<MutexGuard<'_, i64>> =
            self.accounts.iter().map(|a| a.lock().unwrap()).collect();
        guards.len()
    }

    pub fn settle(&self) {
        let mut guards = Vec::new();
        for a in self.accounts.iter() {
            guards.push(a.lock().unwrap());
        }
        let sum: i64 = guards.iter().map(|g| **g).sum();
        drop(guards);
        *self.ledger.lock().unwrap() = sum;
    }

    pub fn audit(&self) -> i64 {
        let ledger = self.ledger.lock().unwrap();
        *ledger - *self.accounts[0].lock().unwrap()
    }

    pub fn settle_cleared(&self) {
        let mut guards = Vec::new();
        for a in &self.accounts {
            guards.push(a.lock().unwrap());
        }
        guards.clear();
        *self.ledger.lock().unwrap() = 0;
    }

    pub fn settle_consumed(&self) {
        let mut guards = Vec::new();
        for a in &self.accounts {
            guards.push(a.lock().unwrap());
        }
        let mut sum = 0;
        for g in guards {
            sum += *g;
        }
        *self.ledger.lock().unwrap() = sum;
    }
}
