// proxy_front: a Pistache endpoint that forwards every request through the engine to one
// upstream, with no authentication: the engine's own cost in scripts/bench/gateway.sh
// ("engine only"), and a manual test bench.
//   proxy_front --port 9600 --upstream http://127.0.0.1:9500 [--threads 2] [--io-threads 1]
//               [--writes direct|queue]   (queue: every answer through Pistache's write queue)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "portcullis/common/shutdown.h"
#include "portcullis/proxy/testing/pistache_front.h"
#include "portcullis/proxy/upstream_proxy.h"

int main(int argc, char** argv) {
  int port = 9600;
  int threads = 2;
  int io_threads = 1;
  std::string upstream = "http://127.0.0.1:9500";
  bool direct_writes = true;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--port"))
      port = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads"))
      threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--io-threads"))
      io_threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--upstream"))
      upstream = argv[i + 1];
    else if (!std::strcmp(argv[i], "--writes") && !std::strcmp(argv[i + 1], "queue"))
      direct_writes = false;
    else if (!std::strcmp(argv[i], "--writes") && !std::strcmp(argv[i + 1], "direct"))
      direct_writes = true;
    else {
      std::fprintf(stderr,
                   "usage: proxy_front --port P --upstream URL [--threads N] [--io-threads M] "
                   "[--writes direct|queue]\n");
      return 2;
    }
  }
  portcullis::BlockShutdownSignals();
  auto proxy = portcullis::proxy::MakeUpstreamProxy({.io_threads = io_threads});
  portcullis::proxy::testing::PistacheFront front(*proxy, upstream, threads, port);
  front.state().record = false;
  front.state().direct_writes = direct_writes;
  std::printf("proxy_front listening on http://127.0.0.1:%d -> %s\n", front.port(),
              upstream.c_str());
  std::fflush(stdout);
  portcullis::WaitForShutdownSignal();
  return 0;
}
