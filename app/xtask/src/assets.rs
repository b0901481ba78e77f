//! Content-hashed, pre-compressed files in the site's `pkg/` directory.

use crate::Result;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` as `<stem>.<hash>.<ext>` in `dir`, with `.br` and `.gz` siblings,
/// and records `logical name -> file name` in `manifest`.
pub fn write_hashed(
    dir: &Path,
    logical_name: &str,
    bytes: &[u8],
    manifest: &mut BTreeMap<String, String>,
) -> Result<String> {
    let (stem, ext) = logical_name
        .rsplit_once('.')
        .ok_or_else(|| format!("asset {logical_name} has no extension"))?;
    let file_name = format!("{stem}.{}.{ext}", content_hash(bytes));
    let path = dir.join(&file_name);
    write(&path, bytes)?;
    write(
        &dir.join(format!("{file_name}.br")),
        &brotli_compress(bytes)?,
    )?;
    write(&dir.join(format!("{file_name}.gz")), &gzip_compress(bytes)?)?;
    manifest.insert(logical_name.to_owned(), file_name.clone());
    Ok(file_name)
}

/// First 16 hex digits of the SHA-256 of `bytes`: stable across builds and platforms.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `bytes` to `path`, naming the path on failure.
pub fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
}

/// Reads `path`, naming it on failure.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

fn brotli_compress(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .map_err(|e| format!("brotli: {e}"))?;
    Ok(out)
}

fn gzip_compress(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).map_err(|e| format!("gzip: {e}"))?;
    encoder.finish().map_err(|e| format!("gzip: {e}"))
}

/// Copies every file under `from` into `to`, keeping relative paths.
pub fn copy_tree(from: &Path, to: &Path) -> Result {
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("reading {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("reading {}: {e}", from.display()))?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target)
                .map_err(|e| format!("creating {}: {e}", target.display()))?;
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(|e| {
                format!(
                    "copying {} to {}: {e}",
                    entry.path().display(),
                    target.display()
                )
            })?;
        }
    }
    Ok(())
}
