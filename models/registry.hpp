#pragma once
// The registry of every model this build of coalesce can run.
#include "sim/model.hpp"

namespace coalesce {

ModelRegistry make_model_registry();

}  // namespace coalesce
