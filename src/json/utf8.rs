//! UTF-8, checked by hand and only where it can be wrong.
//!
//! JSON text outside strings is ASCII, so [`crate::json::scan`] only notes a string
//! byte of 0x80 or more, and runs [`valid_up_to`] over the body when it saw one (or
//! refuses the body anyway, so that the error names the first invalid byte), instead
//! of `core::str::from_utf8` over every body. A byte loop: `core`'s validator reads
//! words at a time and costs about 700 bytes of code.

/// The second byte's range for each lead from 0xC2 to 0xF4, as the set of its high
/// nibbles less 8 (bit 0: 0x80..=0x8F, ..., bit 3: 0xB0..=0xBF): 0x80..=0xBF but
/// after E0 (0xA0.., else overlong), ED (..=0x9F, else a surrogate), F0 (0x90..,
/// else overlong) and F4 (..=0x8F, else above U+10FFFF). Each range starts and ends
/// on a nibble boundary, so its nibbles say it whole. By byte, the empty set at every
/// byte that leads no sequence: no range compare before the read (data costs the
/// runtime nothing).
const SECOND: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut lead = 0xC2;
    while lead <= 0xF4 {
        table[lead] = 0b1111;
        lead += 1;
    }
    table[0xE0] = 0b1100;
    table[0xED] = 0b0011;
    table[0xF0] = 0b1110;
    table[0xF4] = 0b0001;
    table
};

/// The length of the valid UTF-8 sequence whose lead byte is at `pos` (a byte of
/// 0x80 or more), or 0: truncated, overlong, a surrogate, above U+10FFFF, or a
/// stray continuation byte (what `core::str` refuses). Unicode's table of well-formed
/// sequences: only C2..=F4 lead one, the lead narrows the second byte's range
/// ([`SECOND`]) and every later byte is 0x80..=0xBF. (Decoding the value and judging
/// it cost about 45 bytes of code more than this table.)
/// (0 rather than `None`: an `Option<usize>` is returned through memory.)
/// (Inlined into [`valid_up_to`], its one caller: a function of its own costs the
/// runtime's compiler more than the call saves.)
#[inline(always)]
fn char_len(buf: &[u8], pos: usize) -> usize {
    // Past the end `at` reads 0, no continuation byte: a truncated sequence needs no
    // case of its own.
    let at = |i: usize| super::scan::at(buf, pos.wrapping_add(i));
    let lead = at(0);
    let range = SECOND[lead as usize];
    // The bit of the second byte's high nibble, in the set moved up to bits 8 to 11:
    // below 8 (no continuation byte) the shift leaves a zero bit below the set.
    if ((range as u32) << 8 >> (at(1) >> 4)) & 1 == 0 {
        return 0;
    }
    // Its length is its count of leading ones (2 to 4).
    let len = (!lead).leading_zeros() as usize;
    let mut i = 2;
    while i < len {
        if at(i) & 0xC0 != 0x80 {
            return 0;
        }
        i += 1;
    }
    len
}

/// How many leading bytes are valid UTF-8 (`Utf8Error::valid_up_to`): `buf.len()`
/// when all are. (An integer: an `Option<usize>` is returned through memory.)
pub fn valid_up_to(buf: &[u8]) -> usize {
    let mut pos = 0;
    while let Some(&b) = buf.get(pos) {
        pos += match b {
            0..=0x7F => 1,
            _ => match char_len(buf, pos) {
                0 => return pos,
                len => len,
            },
        };
    }
    buf.len()
}

/// Where the first byte that is not valid UTF-8 is, if any (the tests' view of
/// [`valid_up_to`], compared with `core::str::from_utf8`).
#[cfg(test)]
fn first_invalid(buf: &[u8]) -> Option<usize> {
    let n = valid_up_to(buf);
    (n != buf.len()).then_some(n)
}

/// `bytes` as text, or `""` if they are not UTF-8: for bytes this crate wrote or
/// that `scan` validated, and for decoded header values.
pub fn str(bytes: &[u8]) -> &str {
    if valid_up_to(bytes) == bytes.len() {
        // SAFETY: just checked to be UTF-8.
        unsafe { core::str::from_utf8_unchecked(bytes) }
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::first_invalid;

    /// Against `core::str::from_utf8` for every lead and second byte, with third and
    /// fourth bytes at the edges of each range that matters, and truncated at each length.
    #[test]
    fn agrees_with_core_on_every_lead_and_second_byte() {
        let edges = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF];
        for lead in 0x80..=0xFFu8 {
            for second in 0..=0xFFu8 {
                for &third in &edges {
                    for &fourth in &edges {
                        let bytes = [b'a', lead, second, third, fourth, b'z'];
                        for end in 2..=bytes.len() {
                            let s = &bytes[..end];
                            let expected = core::str::from_utf8(s).err().map(|e| e.valid_up_to());
                            assert_eq!(first_invalid(s), expected, "{s:x?}");
                        }
                    }
                }
            }
        }
    }
}
