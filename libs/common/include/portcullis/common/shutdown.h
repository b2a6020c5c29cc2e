#pragma once
// Graceful shutdown on SIGTERM/SIGINT for every service binary.
//
//   int main() {
//     BlockShutdownSignals();          // first, before any thread starts: threads inherit it
//     ... start endpoints, NATS, pools ...
//     int sig = WaitForShutdownSignal();
//     spdlog::info("signal {}: draining", sig);
//     ... stop in reverse order ...
//   }
//
// Blocking the signals in every thread and collecting them with sigwait in one place means no
// handler runs at an arbitrary point of arbitrary code.

namespace portcullis {

void BlockShutdownSignals();

// Waits for SIGTERM or SIGINT and returns which. Precondition: BlockShutdownSignals() was called.
int WaitForShutdownSignal();

}  // namespace portcullis
