//! An accessor returns `&RwLock` (not a guard): `self.deposits().read()` is
//! an acquisition of `Service::deposit_cache`. The receiver's read guard is
//! a temporary alive while the argument `self.highest_safe()` runs, which
//! reads the same fair RwLock again (the lighthouse eth1 bug, #6470).
use parking_lot::RwLock;
use std::sync::Arc;

pub struct Deposits {
    pub last_block: u64,
    pub signatures: Vec<u64>,
}

impl Deposits {
    pub fn count_up_to(&self, block: u64) -> usize {
        self.signatures.iter().filter(|&&b| b <= block).count()
    }
}

pub struct Service {
    deposit_cache: Arc<RwLock<Deposits>>,
}

impl Service {
    pub fn deposits(&self) -> &RwLock<Deposits> {
        &self.deposit_cache
    }

    pub fn highest_safe(&self) -> u64 {
        self.deposits().read().last_block
    }

    pub fn valid_signature_count(&self) -> usize {
        self.deposits().read().count_up_to(self.highest_safe())
    }
}
