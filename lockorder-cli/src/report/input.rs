//! Log inputs: `--log-file` paths, globs and `-` (stdin), gzip detected by
//! its magic bytes, read in blocks of whole lines with bounded memory.

use anyhow::{Context, bail};
use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The size of one block of lines. A line longer than this is skipped as
/// too long (and counted), so memory for line handling stays bounded.
pub const BLOCK_SIZE: usize = 1 << 20;

/// One input: a file or stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// The name used in messages and findings.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File(p) => p.display().to_string(),
        }
    }

    /// Opens the input, decompressing gzip transparently.
    pub fn open(&self) -> anyhow::Result<Box<dyn Read + Send>> {
        let raw: Box<dyn Read + Send> = match self {
            Source::Stdin => Box::new(std::io::stdin()),
            Source::File(p) => Box::new(
                std::fs::File::open(p).with_context(|| format!("cannot read {}", p.display()))?,
            ),
        };
        let mut reader = BufReader::with_capacity(256 * 1024, raw);
        let head = reader
            .fill_buf()
            .with_context(|| format!("cannot read {}", self.name()))?;
        if head.starts_with(&[0x1f, 0x8b]) {
            Ok(Box::new(MultiGzDecoder::new(reader)))
        } else {
            Ok(Box::new(reader))
        }
    }
}

/// Expands `--log-file` arguments: `-` is stdin, a pattern with `*`, `?` or
/// `[` is a glob (sorted; matching nothing is an error), anything else a
/// path that must exist.
pub fn expand(args: &[PathBuf]) -> anyhow::Result<Vec<Source>> {
    if args.is_empty() {
        bail!("no input: give at least one --log-file PATH (or `-` for stdin)");
    }
    let mut out = Vec::new();
    for arg in args {
        let text = arg.to_string_lossy();
        if text == "-" {
            out.push(Source::Stdin);
        } else if text.contains(['*', '?', '[']) && !arg.exists() {
            let mut matched: Vec<PathBuf> = glob::glob(&text)
                .with_context(|| format!("bad glob pattern {text}"))?
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            if matched.is_empty() {
                bail!("no log file matches {text}");
            }
            matched.sort();
            out.extend(matched.into_iter().map(Source::File));
        } else if arg.is_file() {
            out.push(Source::File(arg.clone()));
        } else if arg.exists() {
            bail!("cannot read {}: not a file", arg.display());
        } else {
            bail!("cannot read {}: no such file", arg.display());
        }
    }
    Ok(out)
}

/// A block of whole lines.
#[derive(Debug, Default)]
pub struct Block {
    /// Lines separated by `\n` (the last one may lack it at end of input).
    pub data: Vec<u8>,
    /// A line longer than [`BLOCK_SIZE`] that was skipped; it comes before
    /// `data` (which is empty then).
    pub too_long: bool,
}

/// Reads an input as blocks of whole lines.
pub struct BlockReader<R> {
    inner: R,
    carry: Vec<u8>,
    spare: Vec<Vec<u8>>,
    done: bool,
    name: String,
}

impl<R> std::fmt::Debug for BlockReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockReader")
            .field("name", &self.name)
            .finish()
    }
}

impl<R: Read> BlockReader<R> {
    /// Wraps a reader; `name` is used in error messages.
    pub fn new(inner: R, name: impl Into<String>) -> Self {
        Self {
            inner,
            carry: Vec::new(),
            spare: Vec::new(),
            done: false,
            name: name.into(),
        }
    }

    /// The next block, `None` at end of input. A read error (also a corrupt
    /// gzip stream) is an error naming the input.
    pub fn next_block(&mut self) -> anyhow::Result<Option<Block>> {
        if self.done {
            return Ok(None);
        }
        // A recycled buffer is nearly full already, so making it
        // BLOCK_SIZE long zeroes only a few bytes; reads then go straight
        // into it (no intermediate buffer, no growing reads).
        let mut buf = self.spare.pop().unwrap_or_default();
        buf.resize(BLOCK_SIZE, 0);
        let carried = self.carry.len();
        buf[..carried].copy_from_slice(&self.carry);
        self.carry.clear();
        let filled = fill(&mut self.inner, &mut buf, carried)
            .with_context(|| format!("cannot read {}", self.name))?;
        buf.truncate(filled);
        if filled < BLOCK_SIZE {
            // End of input: the rest is the last block.
            self.done = true;
            return Ok((!buf.is_empty()).then_some(Block {
                data: buf,
                too_long: false,
            }));
        }
        if let Some(nl) = memchr::memrchr(b'\n', &buf) {
            self.carry.extend_from_slice(&buf[nl + 1..]);
            buf.truncate(nl + 1);
            return Ok(Some(Block {
                data: buf,
                too_long: false,
            }));
        }
        // No newline in a whole block: skip to the end of this line.
        self.skip_line()?;
        Ok(Some(Block {
            data: Vec::new(),
            too_long: true,
        }))
    }

    /// Hands a block's buffer back for reuse (saves page faults).
    pub fn recycle(&mut self, block: Block) {
        if block.data.capacity() >= BLOCK_SIZE {
            self.spare.push(block.data);
        }
    }

    fn skip_line(&mut self) -> anyhow::Result<()> {
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = match self.inner.read(&mut chunk) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e).with_context(|| format!("cannot read {}", self.name)),
            };
            if n == 0 {
                self.done = true;
                return Ok(());
            }
            if let Some(nl) = memchr::memchr(b'\n', &chunk[..n]) {
                self.carry = chunk[nl + 1..n].to_vec();
                return Ok(());
            }
        }
    }
}

/// Reads into `buf[filled..]` until it is full or the input ends; returns
/// how many bytes of `buf` hold data.
fn fill<R: Read>(r: &mut R, buf: &mut [u8], mut filled: usize) -> std::io::Result<usize> {
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Iterates the lines of a block (without `\n` or a trailing `\r`).
pub fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = data;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, next) = match memchr::memchr(b'\n', rest) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = next;
        Some(line.strip_suffix(b"\r").unwrap_or(line))
    })
}

/// Whether a path names stdin.
pub fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == "-"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(input: &[u8]) -> Vec<Block> {
        let mut r = BlockReader::new(input, "test");
        std::iter::from_fn(|| r.next_block().unwrap()).collect()
    }

    #[test]
    fn every_line_once_across_block_boundaries() {
        let mut input = Vec::new();
        for i in 0..200_000 {
            input.extend_from_slice(format!("line {i}\n").as_bytes());
        }
        input.extend_from_slice(b"last line without newline");
        let all: Vec<Vec<u8>> = blocks(&input)
            .iter()
            .flat_map(|b| lines(&b.data).map(<[u8]>::to_vec).collect::<Vec<_>>())
            .collect();
        assert_eq!(all.len(), 200_001);
        assert_eq!(all[123_456], b"line 123456");
        assert_eq!(all[200_000], b"last line without newline");
    }

    #[test]
    fn overlong_line_is_skipped_and_counted() {
        let mut input = b"short\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', BLOCK_SIZE * 3));
        input.extend_from_slice(b"\nafter\n");
        let bs = blocks(&input);
        let too_long = bs.iter().filter(|b| b.too_long).count();
        let all: Vec<&[u8]> = bs.iter().flat_map(|b| lines(&b.data)).collect();
        assert_eq!(too_long, 1);
        assert_eq!(all, vec![&b"short"[..], b"after"]);
    }

    #[test]
    fn crlf_is_stripped() {
        let all: Vec<&[u8]> = lines(b"a\r\nb\n").collect();
        assert_eq!(all, vec![&b"a"[..], b"b"]);
    }
}
