//! Last-updated dates: one `git log` over the content directory, else file times.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::UNIX_EPOCH;

/// Commit dates (`YYYY-MM-DD`) of the newest commit touching each file, keyed by path
/// relative to `dir`. Empty when git or a repository is not available.
pub(crate) fn git_dates(dir: &Path) -> HashMap<PathBuf, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "log",
            "--format=%x1e%cs",
            "--name-only",
            "--relative",
            "--",
            ".",
        ])
        .output();
    let Ok(output) = output else {
        return HashMap::new();
    };
    if !output.status.success() {
        return HashMap::new();
    }
    parse_log(&String::from_utf8_lossy(&output.stdout))
}

/// Parses `git log --format=%x1e%cs --name-only` output; the newest date wins.
fn parse_log(log: &str) -> HashMap<PathBuf, String> {
    let mut dates = HashMap::new();
    for commit in log.split('\u{1e}') {
        let mut lines = commit.lines();
        let Some(date) = lines.next().map(str::trim).filter(|d| !d.is_empty()) else {
            continue;
        };
        for file in lines.map(str::trim).filter(|l| !l.is_empty()) {
            dates
                .entry(PathBuf::from(file))
                .or_insert_with(|| date.to_string());
        }
    }
    dates
}

/// The file's modification date as `YYYY-MM-DD` (UTC).
pub(crate) fn mtime_date(path: &Path) -> Option<String> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let secs = modified.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn newest_commit_wins() {
        let log = "\u{1e}2024-05-02\n\na/x.md\n\u{1e}2024-01-01\n\na/x.md\na/y.md\n";
        let d = parse_log(log);
        assert_eq!(d[Path::new("a/x.md")], "2024-05-02");
        assert_eq!(d[Path::new("a/y.md")], "2024-01-01");
    }
}
