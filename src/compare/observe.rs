//! The observer hook of comparison: what [`super::compare_observed`] did for
//! each slot, told as it does it (each source's value, every pair of distinct
//! values compared and the verdict, the `expect` checks, the groups and the
//! findings), so that `explain` shows the comparison `check` made.
//!
//! Every method has a no-op default. Slots are compared in parallel, so an
//! observer is `Sync` and is told about one slot from one thread; events of
//! one slot come in order, slots in any order (each event names its slot).

use super::{Finding, ValueGroup};
use crate::extract::Fill;
use crate::kinds::Comparison;

/// Told what comparison does, slot by slot. All methods default to doing
/// nothing.
pub trait CompareObserver: Sync {
    /// `fill` is its source's value for the slot (the one compared).
    fn value_chosen(&self, _story: usize, _slot: usize, _fill: &Fill) {}

    /// The sources' values, exact duplicates merged: each entry is one
    /// distinct value and the values that give it, in the order of the
    /// sources' names. Told before any pair is compared.
    fn merged(&self, _story: usize, _slot: usize, _distinct: &[Vec<&Fill>]) {}

    /// Two distinct values were compared: `a` and `b` are the sources'
    /// values that give each (exact duplicates are merged, not compared).
    fn compared(&self, _story: usize, _slot: usize, _a: &[&Fill], _b: &[&Fill], _c: &Comparison) {}

    /// A value was compared with the slot's `expect`.
    fn expected(&self, _story: usize, _slot: usize, _fill: &Fill, _c: &Comparison) {}

    /// The slot is done: the groups of sources that agree (empty when every
    /// value agrees) and its findings, as `check` reports them.
    fn slot_done(
        &self,
        _story: usize,
        _slot: usize,
        _groups: &[ValueGroup],
        _findings: &[Finding],
    ) {
    }
}
