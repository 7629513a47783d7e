//! Small helpers for the text the commands print.

/// `n` and the noun, singular for one: `counted(1, "file", "files")` is
/// `"1 file"`, `counted(3, "file", "files")` is `"3 files"`.
pub fn counted<N>(n: N, one: &str, many: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    let noun = if n == N::from(1) { one } else { many };
    format!("{n} {noun}")
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn counts_read_as_english() {
        assert_eq!(counted(0, "file", "files"), "0 files");
        assert_eq!(counted(1, "lock class", "lock classes"), "1 lock class");
        assert_eq!(counted(2usize, "edge", "edges"), "2 edges");
        assert_eq!(counted(1u64, "deadlock", "deadlocks"), "1 deadlock");
    }
}
