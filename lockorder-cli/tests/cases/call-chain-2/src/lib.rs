//! A lock held in `transfer` while `record` -> `append` takes another:
//! the edge spans two calls. `audit_report` takes them the other way round.
use std::sync::Mutex;

pub struct Bank {
    accounts: Mutex<Vec<i64>>,
    journal: Mutex<Vec<String>>,
}

impl Bank {
    pub fn transfer(&self, from: usize, to: usize, amount: i64) {
        let mut accounts = self.accounts.lock().unwrap();
        accounts[from] -= amount;
        accounts[to] += amount;
        self.record(from, to, amount);
    }

    fn record(&self, from: usize, to: usize, amount: i64) {
        let line = format!("{from} -> {to}: {amount}");
        self.append(line);
    }

    fn append(&self, line: String) {
        self.journal.lock().unwrap().push(line);
    }

    pub fn audit_report(&self) -> String {
        let journal = self.journal.lock().unwrap();
        let total: i64 = self.accounts.lock().unwrap().iter().sum();
        format!("{} entries, total {total}", journal.len())
    }
}
