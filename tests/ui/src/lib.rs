//! The trybuild cases of `fail/` and `pass/` (see `README.md`); the crate itself is empty, so the
//! cases' build has nothing to compile but what they use.
