//! Each iteration's guard dies with the iteration: dropped at the end of
//! the body, pushed into a vector declared inside the loop, copied out
//! (`*`, `.clone()`), or consumed by the iterator (`sum`, `count`): the
//! ledger, taken after `count` in the same statement, is not taken under
//! an account (`audit` takes them the other way round).
use std::sync::Mutex;

pub struct Bank {
    accounts: Vec<Mutex<i64>>,
    ledger: Mutex<i64>,
}

impl Bank {
    pub fn one_at_a_time(&self) -> i64 {
        let mut sum = 0;
        for a in &self.accounts {
            let g = a.lock().unwrap();
            sum += *g;
        }
        sum
    }

    pub fn inner_vector(&self) {
        for a in self.accounts.iter() {
            let mut v = Vec::new();
            v.push(a.lock().unwrap());
        }
    }

    pub fn values_copied(&self) -> Vec<i64> {
        let mut out = Vec::new();
        for a in &self.accounts {
            out.push(*a.lock().unwrap());
            out.push(a.lock().unwrap().clone());
        }
        out
    }

    pub fn consumed(&self) -> (i64, usize) {
        let total = self.accounts.iter().map(|a| *a.lock().unwrap()).sum();
        let n = self.accounts.iter().map(|a| a.lock().unwrap()).count()
            + *self.ledger.lock().unwrap() as usize;
        (total, n)
    }

    pub fn audit(&self) -> i64 {
        let ledger = self.ledger.lock().unwrap();
        *ledger - *self.accounts[0].lock().unwrap()
    }
}
