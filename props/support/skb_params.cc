// RandomSkbParams (trace_gen.h).
#include "model/base/prng.h"
#include "model/trace/platform.h"
#include "props/support/trace_gen.h"

namespace dmasim::props {

SkbParams RandomSkbParams(uint64_t seed) {
  Rng r(seed);
  SkbParams p;
  const std::vector<std::string> profiles = SkbProfileNames();
  p.profile = profiles[r.Below(profiles.size())];
  p.seed = r.Next();
  p.packets = 1 + static_cast<int>(r.Below(10));
  const std::vector<ArchPolicy>& archs = AllArchs();
  p.arch = std::string(archs[r.Below(archs.size())].name);
  p.inflight = 1 + static_cast<int>(r.Below(4));
  p.out_of_order = r.Chance(1, 3);
  const uint32_t mss[] = {1448, 1448, 536, 100, 9000};
  p.mss = mss[r.Below(5)];
  p.first_payload = r.Chance(1, 2) ? 48 : 0;
  p.small_percent = static_cast<uint32_t>(r.Below(101));
  const uint32_t rx_buf[] = {0, 0, 256, 1024, 2048};
  p.rx_buf = rx_buf[r.Below(5)];
  p.rx_build_skb = !r.Chance(1, 4);
  p.bounce_kmalloc = static_cast<int>(r.Below(3)) - 1;
  p.coherent_devices = static_cast<int>(r.Below(3)) - 1;
  return p;
}

}  // namespace dmasim::props
