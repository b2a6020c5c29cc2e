#include "provider_state.h"

namespace portcullis::dev_idp {

Lifetimes ProviderState::lifetimes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lifetimes_;
}

void ProviderState::SetLifetimes(const Lifetimes& lifetimes) {
  std::lock_guard<std::mutex> lock(mu_);
  lifetimes_ = lifetimes;
}

void ProviderState::InjectTokenFaults(int count, TokenFault fault) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_left_ = count;
  fault_ = fault;
}

std::optional<TokenFault> ProviderState::TakeTokenFault() {
  std::lock_guard<std::mutex> lock(mu_);
  if (faults_left_ <= 0) return std::nullopt;
  --faults_left_;
  ++counters_["faults"];
  return fault_;
}

void ProviderState::Count(const std::string& what) {
  std::lock_guard<std::mutex> lock(mu_);
  ++counters_[what];
}

nlohmann::json ProviderState::Counters() const {
  std::lock_guard<std::mutex> lock(mu_);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : counters_) out[k] = v;
  return out;
}

}  // namespace portcullis::dev_idp
