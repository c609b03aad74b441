//! End-to-end and snapshot tests across the dckit crates; the tests live in `tests/tests/`.
