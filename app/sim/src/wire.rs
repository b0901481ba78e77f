//! A compact, versioned binary form of scenarios, carried as URL-safe base64 text.
//!
//! Layout of the text: `v1.` followed by unpadded base64url of
//! `[protocol tag][seed][config][actions][step][checksum]`, integers as LEB128 varints.

use crate::model::ClockModel;
use crate::net::NetConfig;
use crate::scenario::{Action, Timed, Trigger};

/// Prefix naming the encoding version.
pub const VERSION_PREFIX: &str = "v1.";
/// Longest string accepted inside an encoded scenario.
pub const MAX_STRING: usize = 64;
/// Most list items accepted inside an encoded scenario.
pub const MAX_ITEMS: usize = 10_000;

/// Why a scenario text could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid scenario: {}", self.0)
    }
}

impl std::error::Error for DecodeError {}

fn err<T>(msg: impl Into<String>) -> Result<T, DecodeError> {
    Err(DecodeError(msg.into()))
}

/// Reads values from encoded bytes, never past the end.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    /// The next byte.
    pub fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| DecodeError("data ends too early".into()))?;
        self.pos += 1;
        Ok(b)
    }

    /// True when every byte has been read.
    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// A LEB128 varint.
    pub fn varint(&mut self) -> Result<u64, DecodeError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return err("number too large");
            }
            value |= part << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        err("number too large")
    }

    /// A varint that must be at most `max`; `what` names the field in the error.
    pub fn bounded(&mut self, what: &str, max: u64) -> Result<u64, DecodeError> {
        let v = self.varint()?;
        if v > max {
            return err(format!("{what} is {v}, more than {max}"));
        }
        Ok(v)
    }
}

/// Appends a LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// A value with a compact binary form.
pub trait Wire: Sized {
    /// Appends the encoding of `self`.
    fn put(&self, out: &mut Vec<u8>);
    /// Reads a value, rejecting anything malformed or out of bounds.
    fn get(r: &mut Reader) -> Result<Self, DecodeError>;
}

impl Wire for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, *self)
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        r.varint()
    }
}

impl Wire for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, u64::from(*self))
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(r.bounded("a 32-bit number", u64::from(u32::MAX))? as u32)
    }
}

impl Wire for u16 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, u64::from(*self))
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(r.bounded("a 16-bit number", u64::from(u16::MAX))? as u16)
    }
}

impl Wire for usize {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, *self as u64)
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(r.bounded("a count or node", MAX_ITEMS as u64)? as usize)
    }
}

impl Wire for i32 {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, ((*self << 1) ^ (*self >> 31)) as u32 as u64)
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        let z = u32::get(r)?;
        Ok(((z >> 1) as i32) ^ -((z & 1) as i32))
    }
}

impl Wire for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self))
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        match r.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            b => err(format!("expected a flag (0 or 1), got {b}")),
        }
    }
}

impl Wire for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        let len = r.bounded("a text length", MAX_STRING as u64)? as usize;
        let bytes: Result<Vec<u8>, _> = (0..len).map(|_| r.byte()).collect();
        String::from_utf8(bytes?).or_else(|_| err("text is not UTF-8"))
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        self.iter().for_each(|x| x.put(out));
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        let len = r.bounded("a list length", MAX_ITEMS as u64)? as usize;
        (0..len).map(|_| T::get(r)).collect()
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.is_some().put(out);
        if let Some(x) = self {
            x.put(out);
        }
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(if bool::get(r)? {
            Some(T::get(r)?)
        } else {
            None
        })
    }
}

impl Wire for NetConfig {
    fn put(&self, out: &mut Vec<u8>) {
        self.delay_min_ms.put(out);
        self.delay_max_ms.put(out);
        self.loss_per_mille.put(out);
        self.dup_per_mille.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(NetConfig {
            delay_min_ms: Wire::get(r)?,
            delay_max_ms: Wire::get(r)?,
            loss_per_mille: Wire::get(r)?,
            dup_per_mille: Wire::get(r)?,
        })
    }
}

impl Wire for ClockModel {
    fn put(&self, out: &mut Vec<u8>) {
        self.skew_ms.put(out);
        self.drift_ppm.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(ClockModel {
            skew_ms: Wire::get(r)?,
            drift_ppm: Wire::get(r)?,
        })
    }
}

impl Wire for Trigger {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Trigger::AtTime(t) => {
                out.push(0);
                t.put(out)
            }
            Trigger::AfterStep(s) => {
                out.push(1);
                s.put(out)
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        match r.byte()? {
            0 => Ok(Trigger::AtTime(Wire::get(r)?)),
            1 => Ok(Trigger::AfterStep(Wire::get(r)?)),
            b => err(format!("unknown trigger kind {b}")),
        }
    }
}

impl<A: Wire> Wire for Action<A> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Action::Crash { node } => (0u8, *node).put_pair(out),
            Action::Restart { node } => (1u8, *node).put_pair(out),
            Action::Pause { node } => (2u8, *node).put_pair(out),
            Action::Resume { node } => (3u8, *node).put_pair(out),
            Action::Cut { from, to } => {
                (4u8, *from).put_pair(out);
                to.put(out)
            }
            Action::CutBoth { a, b } => {
                (5u8, *a).put_pair(out);
                b.put(out)
            }
            Action::Heal => out.push(6),
            Action::Partition { groups } => {
                out.push(7);
                groups.put(out)
            }
            Action::Protocol(a) => {
                out.push(8);
                a.put(out)
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(match r.byte()? {
            0 => Action::Crash {
                node: Wire::get(r)?,
            },
            1 => Action::Restart {
                node: Wire::get(r)?,
            },
            2 => Action::Pause {
                node: Wire::get(r)?,
            },
            3 => Action::Resume {
                node: Wire::get(r)?,
            },
            4 => Action::Cut {
                from: Wire::get(r)?,
                to: Wire::get(r)?,
            },
            5 => Action::CutBoth {
                a: Wire::get(r)?,
                b: Wire::get(r)?,
            },
            6 => Action::Heal,
            7 => Action::Partition {
                groups: Wire::get(r)?,
            },
            8 => Action::Protocol(A::get(r)?),
            b => return err(format!("unknown action kind {b}")),
        })
    }
}

trait PutPair {
    fn put_pair(self, out: &mut Vec<u8>);
}

impl PutPair for (u8, usize) {
    fn put_pair(self, out: &mut Vec<u8>) {
        out.push(self.0);
        self.1.put(out);
    }
}

impl<A: Wire> Wire for Timed<A> {
    fn put(&self, out: &mut Vec<u8>) {
        self.trigger.put(out);
        self.action.put(out);
    }
    fn get(r: &mut Reader) -> Result<Self, DecodeError> {
        Ok(Timed {
            trigger: Wire::get(r)?,
            action: Wire::get(r)?,
        })
    }
}

/// A 16-bit FNV-1a checksum, to tell a truncated or mistyped link from a valid one.
pub fn checksum(bytes: &[u8]) -> u16 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    ((h >> 16) ^ (h & 0xffff)) as u16
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Unpadded base64url.
pub fn to_base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes unpadded base64url, naming the first bad character.
pub fn from_base64url(text: &str) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for (i, c) in text.chars().enumerate() {
        let v = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            _ => return err(format!("character {c:?} at position {i} is not base64url")),
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        return err("text has a dangling character");
    }
    Ok(out)
}
