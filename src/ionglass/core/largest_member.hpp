#pragma once
// The largest value of one data member over a range of records (largest cutoff, lmax, ... of a
// potential's bonds).

namespace ionglass {

/// The largest `item.*member` over `items`; 0 when `items` is empty (for counts and lengths, which
/// are never negative).
template <class Range, class Item, class Value>
Value largest_member(const Range& items, Value Item::*member) {
  Value largest = 0;
  for (const Item& item : items)
    if (item.*member > largest) largest = item.*member;
  return largest;
}

}  // namespace ionglass
