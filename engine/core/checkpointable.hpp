#pragma once
// How model-owned state (World::emplace_state) survives a restart. A restart rebuilds the
// World with the model's own build() from the configuration stored in the checkpoint, then
// overwrites every piece of mutable state from the checkpoint. So every state type says
// which of two kinds it is (World::emplace_state refuses, at compile time, a type that
// says neither):
//
//  - Checkpointable: changes during the run. save_state() writes all of it that later
//    steps or records can read; load_state() puts it back into the freshly built object.
//  - RebuiltState: holds only what build() sets from the configuration and the seed
//    (parameters, pointers into the World), scratch space, or caches that are recomputed
//    before every read within a step. Rebuilding it is restoring it. The restart tests of
//    every model (tests/models/*/test_*restart*) hold the author to that promise.
//
// Neither is called from a hot loop: save and load run once per checkpoint.
#include <string>

#include "core/archive.hpp"

namespace coalesce {

class Checkpointable {
 public:
  virtual ~Checkpointable() = default;
  // Names the state's section of the checkpoint ("world/state/<name>"); unique in a World.
  [[nodiscard]] virtual std::string checkpoint_name() const = 0;
  virtual void save_state(ArchiveWriter& out) const = 0;
  // Called on the object build() made for the same configuration.
  virtual void load_state(const ArchiveReader& in) = 0;
};

class RebuiltState {};

}  // namespace coalesce
