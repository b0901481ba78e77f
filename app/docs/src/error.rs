//! Load-time problems, each naming the file and line it comes from.

use std::fmt;
use std::path::PathBuf;

/// One problem found while loading the content: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file the problem is in.
    pub file: PathBuf,
    /// The 1-based line of the problem (0 when it concerns the whole file).
    pub line: usize,
    /// What is wrong, written for the content author.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        }
    }
}

/// Every problem found while loading a content directory (never only the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The problems, in file order then line order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "{n} problem{} in the content:",
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Collects problems while loading; a file path is attached by the caller.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// Records a problem at `file:line`.
    pub(crate) fn push(&mut self, file: &std::path::Path, line: usize, message: impl Into<String>) {
        self.list.push(Problem {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        });
    }

    /// Moves every problem of `other` into `self`.
    pub(crate) fn append(&mut self, mut other: Problems) {
        self.list.append(&mut other.list);
    }

    /// Ok when nothing was recorded, else the sorted problems as a [`LoadError`].
    pub(crate) fn into_result(mut self) -> Result<(), LoadError> {
        if self.list.is_empty() {
            return Ok(());
        }
        self.list
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Err(LoadError {
            problems: self.list,
        })
    }
}
