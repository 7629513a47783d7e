//! Drives a per-line accumulator over every input: blocks of whole lines are
//! read in order and handled in parallel (the next batch is read while one
//! is handled), then merged in input order (so line numbers and results do
//! not depend on scheduling).

use super::input::{Block, BlockReader, Source, lines};
use rayon::prelude::*;

/// Something that looks at lines and can be merged.
pub trait Accumulator: Send + Sized {
    /// One line (without newline); `line` is its 1-based number within the
    /// block being handled.
    fn line(&mut self, text: &[u8], line: u64);
    /// A line too long to handle (skipped), at block-local `line`.
    fn too_long(&mut self, line: u64);
    /// Adds `other` (a later block of input `file`), whose block-local line
    /// numbers start after `line_offset` lines of that input.
    fn merge(&mut self, other: Self, file: usize, line_offset: u64);
}

/// Runs `make(file)` accumulators over every line of `sources` and merges
/// them into `total`. Returns the number of lines per source.
pub fn scan<A, F>(sources: &[Source], make: F, total: &mut A) -> anyhow::Result<Vec<u64>>
where
    A: Accumulator,
    F: Fn(usize) -> A + Sync,
{
    let batch = rayon::current_num_threads().max(1) * 2;
    let read_batch = |reader: &mut BlockReader<_>| -> anyhow::Result<Vec<Block>> {
        let mut blocks = Vec::with_capacity(batch);
        while blocks.len() < batch {
            match reader.next_block()? {
                Some(b) => blocks.push(b),
                None => break,
            }
        }
        Ok(blocks)
    };
    let mut per_source = Vec::with_capacity(sources.len());
    for (file, source) in sources.iter().enumerate() {
        let mut reader = BlockReader::new(source.open()?, source.name());
        let mut offset = 0u64;
        let mut blocks = read_batch(&mut reader)?;
        while !blocks.is_empty() {
            // Read the next batch while this one is handled.
            let (results, next) = rayon::join(
                || {
                    blocks
                        .par_iter()
                        .map(|block| handle(block, make(file)))
                        .collect::<Vec<(A, u64)>>()
                },
                || read_batch(&mut reader),
            );
            for (acc, n) in results {
                total.merge(acc, file, offset);
                offset += n;
            }
            for block in blocks {
                reader.recycle(block);
            }
            blocks = next?;
        }
        per_source.push(offset);
    }
    Ok(per_source)
}

/// Runs `acc` over the lines of one block; returns it with the line count.
fn handle<A: Accumulator>(block: &Block, mut acc: A) -> (A, u64) {
    if block.too_long {
        acc.too_long(1);
        return (acc, 1);
    }
    let mut n = 0;
    for text in lines(&block.data) {
        n += 1;
        acc.line(text, n);
    }
    (acc, n)
}
