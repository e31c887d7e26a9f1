// WriteTracker: a global write sequence and a fixed array of per-slot last-write sequences.
#include "store/write_tracker.h"

namespace homeboard::store {
namespace {

// The partition key's bytes as hashed: its type tag, then its value (S, N or B).
std::string PartitionBytes(std::string_view table, const ddb::AttributeValue& value) {
  using Type = ddb::AttributeValue::Type;
  std::string bytes(table);
  bytes.push_back('\0');
  switch (value.type()) {
    case Type::kS:
      bytes.push_back('S');
      bytes.append(value.AsS());
      break;
    case Type::kN:
      bytes.push_back('N');
      bytes.append(value.AsN());
      break;
    case Type::kB:
      bytes.push_back('B');
      bytes.append(value.AsB());
      break;
    default:
      bytes.push_back('?');  // not a valid key type: still a deterministic slot
      break;
  }
  return bytes;
}

}  // namespace

WriteTracker::WriteTracker(const std::vector<TableSpec>& tables)
    : slots_(new std::atomic<Sequence>[kSlots]) {
  for (std::size_t i = 0; i < kSlots; ++i) slots_[i].store(0, std::memory_order_relaxed);
  for (const TableSpec& spec : tables) partition_key_of_[spec.name] = spec.partition_key.name;
}

WriteTracker::Slot WriteTracker::SlotOf(std::string_view table,
                                        const ddb::AttributeValue& partition_key) const {
  return std::hash<std::string>{}(PartitionBytes(table, partition_key)) % kSlots;
}

bool WriteTracker::UnchangedSince(Slot slot, Sequence since) const {
  return everything_.load() <= since && slots_[slot % kSlots].load() <= since;
}

void WriteTracker::RecordWrite(std::string_view table, const Item& key_or_item) {
  auto attribute = partition_key_of_.find(table);
  if (attribute == partition_key_of_.end()) return RecordWriteToEverything();
  auto value = key_or_item.find(attribute->second);
  if (value == key_or_item.end()) return RecordWriteToEverything();
  Advance(slots_[SlotOf(table, value->second)], sequence_.fetch_add(1) + 1);
}

void WriteTracker::RecordWriteToEverything() { Advance(everything_, sequence_.fetch_add(1) + 1); }

void WriteTracker::Advance(std::atomic<Sequence>& slot, Sequence to) {
  // Two writers to one slot may record out of order: keep the larger sequence.
  Sequence seen = slot.load();
  while (seen < to && !slot.compare_exchange_weak(seen, to)) {
  }
}

}  // namespace homeboard::store
