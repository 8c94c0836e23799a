//! The module's `memcmp` body (src/edge/mem.rs), checked against slice ordering.

#[path = "../src/edge/mem.rs"]
#[allow(dead_code)]
mod mem;

fn sign(a: &[u8], b: &[u8]) -> i32 {
    assert_eq!(a.len(), b.len());
    unsafe { mem::compare(a.as_ptr(), b.as_ptr(), a.len()) }.signum()
}

fn expected(a: &[u8], b: &[u8]) -> i32 {
    a.cmp(b) as i32
}

#[test]
fn equal_slices_of_every_length() {
    for n in 0..=17 {
        let a: Vec<u8> = (0..n as u8).map(|i| i.wrapping_mul(37)).collect();
        assert_eq!(sign(&a, &a.clone()), 0, "n = {n}");
    }
}

#[test]
fn each_differing_position_and_direction() {
    for n in 1..=17usize {
        for at in 0..n {
            for (x, y) in [(0u8, 1u8), (1, 0), (0x7f, 0x80), (0x80, 0x7f), (0, 0xff), (0xff, 0)] {
                let mut a: Vec<u8> = (0..n as u8).map(|i| i.wrapping_mul(91)).collect();
                let mut b = a.clone();
                a[at] = x;
                b[at] = y;
                assert_eq!(sign(&a, &b), expected(&a, &b), "n = {n}, at = {at}, {x} vs {y}");
            }
        }
    }
}

#[test]
fn the_first_difference_decides_even_in_an_overlapping_tail() {
    // Two differences: the first decides, also when the second lies in the tail word
    // that overlaps the first (n not a multiple of eight) and points the other way.
    for n in 2..=17usize {
        for first in 0..n {
            for second in first + 1..n {
                let mut a = vec![0x55u8; n];
                let mut b = a.clone();
                a[first] = 0x10;
                b[first] = 0x20;
                a[second] = 0xf0;
                b[second] = 0x01;
                assert_eq!(sign(&a, &b), -1, "n = {n}, {first}, {second}");
                assert_eq!(sign(&b, &a), 1, "n = {n}, {first}, {second}");
            }
        }
    }
}

#[test]
fn first_and_last_bytes() {
    for n in 1..=17usize {
        let a = vec![b'a'; n];
        let mut first = a.clone();
        first[0] = b'b';
        let mut last = a.clone();
        last[n - 1] = b'b';
        assert_eq!(sign(&a, &first), -1);
        assert_eq!(sign(&first, &a), 1);
        assert_eq!(sign(&a, &last), -1);
        assert_eq!(sign(&last, &a), 1);
    }
}

#[test]
fn unaligned_starts() {
    let base: Vec<u8> = (0..64u8).collect();
    for off in 0..8 {
        for n in 0..=17 {
            let a = &base[off..off + n];
            let mut b = a.to_vec();
            assert_eq!(sign(a, &b), 0);
            if n > 0 {
                b[n / 2] ^= 0x80;
                assert_eq!(sign(a, &b), expected(a, &b));
            }
        }
    }
}
