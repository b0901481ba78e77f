//! Plain text of a page, split into h2/h3 sections, for the search index.

/// The plain text of one section of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SectionText {
    /// The heading's anchor; `None` for the text before the first h2/h3.
    pub anchor: Option<String>,
    /// The heading text (empty for the intro).
    pub heading: String,
    /// Prose and code of the section, whitespace-collapsed.
    pub text: String,
}

/// Accumulates text into sections as the renderer walks the page.
#[derive(Debug, Default)]
pub(crate) struct TextCollector {
    done: Vec<SectionText>,
    current: SectionText,
}

impl TextCollector {
    /// Appends inline text.
    pub(crate) fn push(&mut self, text: &str) {
        self.current.text.push_str(text);
    }

    /// Appends a code block's text.
    pub(crate) fn push_code(&mut self, code: &str) {
        self.word_break();
        self.current.text.push_str(code);
        self.word_break();
    }

    /// Separates words (soft break, table cell).
    pub(crate) fn word_break(&mut self) {
        if !self.current.text.ends_with(char::is_whitespace) && !self.current.text.is_empty() {
            self.current.text.push(' ');
        }
    }

    /// Separates blocks.
    pub(crate) fn block_break(&mut self) {
        self.word_break();
    }

    /// Starts a new section at a heading.
    pub(crate) fn start_section(&mut self, anchor: &str, heading: &str) {
        let previous = std::mem::replace(
            &mut self.current,
            SectionText {
                anchor: Some(anchor.to_string()),
                heading: heading.to_string(),
                text: String::new(),
            },
        );
        self.keep(previous);
    }

    /// The finished sections (empty intro dropped).
    pub(crate) fn finish(mut self) -> Vec<SectionText> {
        let last = std::mem::take(&mut self.current);
        self.keep(last);
        self.done
    }

    fn keep(&mut self, mut section: SectionText) {
        section.text = section
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if section.anchor.is_some() || !section.text.is_empty() {
            self.done.push(section);
        }
    }
}
