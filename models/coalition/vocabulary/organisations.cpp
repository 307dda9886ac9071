#include "vocabulary/organisations.hpp"

#include "core/error.hpp"

namespace coalesce::coalition {

std::uint32_t Organisations::add(OrgKind k, std::uint32_t home, Sector s) {
  kind.push_back(k);
  community.push_back(home);
  sector.push_back(s);
  resources.push_back(0.0);
  capacity.push_back(0.0);
  quality.push_back(0.5);
  reputation.push_back(0.5);
  belief.push_back({0.5, 0.5});
  mission.push_back({false, false});
  product_health.push_back(0.5);
  low_carbon_offer.push_back(0.0);
  coalition.push_back(kNone);
  return size() - 1;
}

void Organisations::save(ArchiveWriter& out) const {
  out.write("kind", kind);
  out.write("community", community);
  out.write("sector", sector);
  out.write("resources", resources);
  out.write("capacity", capacity);
  out.write("quality", quality);
  out.write("reputation", reputation);
  out.write("belief", belief);
  out.write("mission", mission);
  out.write("product_health", product_health);
  out.write("low_carbon_offer", low_carbon_offer);
  out.write("coalition", coalition);
}

void Organisations::load(const ArchiveReader& in) {
  const std::uint32_t rows = size();
  in.read("kind", kind);
  in.read("community", community);
  in.read("sector", sector);
  in.read("resources", resources);
  in.read("capacity", capacity);
  in.read("quality", quality);
  in.read("reputation", reputation);
  in.read("belief", belief);
  in.read("mission", mission);
  in.read("product_health", product_health);
  in.read("low_carbon_offer", low_carbon_offer);
  in.read("coalition", coalition);
  for (std::size_t n : {community.size(), sector.size(), resources.size(), capacity.size(),
                        quality.size(), reputation.size(), belief.size(), mission.size(),
                        product_health.size(), low_carbon_offer.size(), coalition.size()})
    if (n != kind.size() || n != rows)
      throw RuntimeError(
          "organisations: the checkpoint's columns differ in length from the rebuilt table");
}

}  // namespace coalesce::coalition
