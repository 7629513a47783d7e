//! Safe twin of accessor-guard: `audit` takes the accounts guard (through
//! the accessor) before the journal, like `transfer`.
use std::sync::{Mutex, MutexGuard};

pub struct Bank {
    accounts: Mutex<Vec<i64>>,
    journal: Mutex<Vec<String>>,
}

impl Bank {
    fn accounts(&self) -> MutexGuard<'_, Vec<i64>> {
        self.accounts.lock().unwrap()
    }

    pub fn transfer(&self, from: usize, to: usize, amount: i64) {
        let mut accounts = self.accounts();
        accounts[from] -= amount;
        accounts[to] += amount;
        self.journal.lock().unwrap().push(format!("{from}->{to}"));
    }

    pub fn audit(&self) -> i64 {
        let accounts = self.accounts();
        let journal = self.journal.lock().unwrap();
        accounts.iter().sum::<i64>() + journal.len() as i64
    }
}
