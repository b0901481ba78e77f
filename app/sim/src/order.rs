//! Ordering items by a `(u64, u64)` key with one copy of the sort code.
//!
//! The kernel and the scenario runner are generic over the protocol, so sorting their
//! items directly compiles the standard library's sort once per protocol (several KB
//! each in the WebAssembly build). Sorting `(key, index)` triples instead sorts one type.

/// `items` in ascending order of `key`, equal keys in their original order.
pub fn sorted_by_key<T>(items: Vec<T>, key: impl Fn(&T) -> (u64, u64)) -> Vec<T> {
    let mut order: Vec<(u64, u64, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (a, b) = key(item);
            (a, b, i)
        })
        .collect();
    // The index makes every triple distinct, so the unstable sort gives the stable order.
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(_, _, i)| slots[i].take())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::sorted_by_key;

    #[test]
    fn sorts_by_key_and_keeps_ties_in_order() {
        let items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        let sorted = sorted_by_key(items, |(k, _)| (*k, 0));
        assert_eq!(
            sorted,
            vec![(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]
        );
        assert!(sorted_by_key(Vec::<u8>::new(), |_| (0, 0)).is_empty());
    }
}
