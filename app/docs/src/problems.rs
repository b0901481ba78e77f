//! Where the directive and decision-tree parsers put what is wrong: messages for the
//! author, or, when reading back text that was checked already (the browser re-reading
//! what the server wrote), only the fact that something was wrong. Messages are built
//! by closures that the second kind never calls, so the code that builds them is left
//! out of the browser's WebAssembly.

/// A place for parsing problems.
pub trait Problems {
    /// Records a problem at 0-based `line` of the parsed text; `message` is called only
    /// if messages are kept.
    fn add(&mut self, line: usize, message: impl FnOnce() -> String);
    /// Whether any problem was recorded.
    fn any(&self) -> bool;
}

/// Messages of a one-line text (a widget directive), so without line numbers.
impl Problems for Vec<String> {
    fn add(&mut self, _line: usize, message: impl FnOnce() -> String) {
        self.push(message());
    }
    fn any(&self) -> bool {
        !self.is_empty()
    }
}

/// Notes that something was wrong, without a message.
#[derive(Debug, Default)]
pub struct Unexplained {
    found: bool,
}

impl Problems for Unexplained {
    fn add(&mut self, _line: usize, _message: impl FnOnce() -> String) {
        self.found = true;
    }
    fn any(&self) -> bool {
        self.found
    }
}
