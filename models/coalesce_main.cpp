// The coalesce program: the engine's command line over every registered model.
#include "cli/cli.hpp"
#include "registry.hpp"

int main(int argc, char** argv) {
  const coalesce::ModelRegistry registry = coalesce::make_model_registry();
  return coalesce::run_cli(argc, argv, registry);
}
