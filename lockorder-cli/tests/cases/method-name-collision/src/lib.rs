//! Methods called on something that is not `self` (the guard's target, a
//! parameter of another type, a std path) must not resolve to `Self`'s
//! methods of the same name: none of these functions calls itself, so there
//! is no nesting at all. (The pattern is everywhere in real code: lighthouse
//! `self.inner.block_cache.read().latest_block_timestamp()` inside
//! `Service::latest_block_timestamp`, parity `chain.call(..)` inside
//! `Miner::call`.)
use parking_lot::RwLock;

pub struct Blocks {
    numbers: Vec<u64>,
}

impl Blocks {
    pub fn latest(&self) -> Option<u64> {
        self.numbers.last().copied()
    }
}

pub trait Client {
    fn balance(&self, account: u64) -> u64;
}

pub struct Cache {
    blocks: RwLock<Blocks>,
}

impl Cache {
    pub fn latest(&self) -> Option<u64> {
        self.blocks.read().latest()
    }

    pub fn balance(&self, client: &dyn Client, account: u64) -> u64 {
        let blocks = self.blocks.read();
        client.balance(account) + blocks.numbers.len() as u64
    }

    pub fn swap(&self, other: &mut Vec<u64>) {
        let mut blocks = self.blocks.write();
        std::mem::swap(&mut blocks.numbers, other);
    }
}
