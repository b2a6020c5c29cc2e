#include "portcullis/http/metrics.h"

#include <cassert>
#include <cmath>
#include <mutex>
#include <sstream>

namespace portcullis::http {
namespace {

// Used only in asserts: unused (and -Werror) in NDEBUG builds without the attribute.
[[maybe_unused]] bool ValidName(std::string_view n) {
  if (n.empty()) return false;
  for (size_t i = 0; i < n.size(); ++i) {
    char c = n[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

std::string FormatDouble(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::ostringstream os;
  os.precision(10);
  os << v;
  return os.str();
}

std::string Labels(const std::vector<std::string>& names, const std::vector<std::string>& values,
                   const std::string& extra_name = "", const std::string& extra_value = "") {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += out.empty() ? "{" : ",";
    out += names[i] + "=\"" + EscapeLabelValue(values[i]) + "\"";
  }
  if (!extra_name.empty()) {
    out += out.empty() ? "{" : ",";
    out += extra_name + "=\"" + extra_value + "\"";
  }
  if (!out.empty()) out += "}";
  return out;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

Histogram::Histogram(const std::vector<double>* bounds)
    : bounds_(bounds), buckets_(new std::atomic<uint64_t>[bounds->size() + 1]) {
  for (size_t i = 0; i <= bounds_->size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double value) {
  size_t i = 0;
  while (i < bounds_->size() && value > (*bounds_)[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  if (value > 0) {
    sum_nanos_.fetch_add(static_cast<uint64_t>(value * 1e9), std::memory_order_relaxed);
  }
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> out(bounds_->size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_->size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out[i] = running;
  }
  return out;
}

double Histogram::sum() const {
  return static_cast<double>(sum_nanos_.load(std::memory_order_relaxed)) / 1e9;
}

template <typename Child>
Child& Family<Child>::With(const std::vector<std::string>& values) {
  assert(values.size() == labels_.size());
  {
    std::shared_lock lock(mu_);
    auto it = children_.find(values);
    if (it != children_.end()) return *it->second;
  }
  std::unique_lock lock(mu_);
  auto& slot = children_[values];
  if (!slot) slot = Make();
  return *slot;
}

template <typename Child>
std::vector<std::pair<std::vector<std::string>, const Child*>> Family<Child>::Children() const {
  std::shared_lock lock(mu_);
  std::vector<std::pair<std::vector<std::string>, const Child*>> out;
  out.reserve(children_.size());
  for (const auto& [k, v] : children_) out.emplace_back(k, v.get());
  return out;
}

template class Family<Counter>;
template class Family<Histogram>;

std::vector<double> DefaultLatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

CounterFamily& MetricsRegistry::AddCounter(std::string name, std::string help,
                                           std::vector<std::string> labels) {
  assert(ValidName(name));
  counters_.push_back(
      std::make_unique<CounterFamily>(std::move(name), std::move(help), std::move(labels)));
  order_.emplace_back(true, counters_.size() - 1);
  return *counters_.back();
}

HistogramFamily& MetricsRegistry::AddHistogram(std::string name, std::string help,
                                               std::vector<std::string> labels,
                                               std::vector<double> bounds) {
  assert(ValidName(name));
  histograms_.push_back(std::make_unique<HistogramFamily>(std::move(name), std::move(help),
                                                          std::move(labels), std::move(bounds)));
  order_.emplace_back(false, histograms_.size() - 1);
  return *histograms_.back();
}

std::string MetricsRegistry::Render() const {
  std::string out;
  for (const auto& [is_counter, index] : order_) {
    if (is_counter) {
      const CounterFamily& f = *counters_[index];
      out += "# HELP " + f.name() + " " + EscapeHelp(f.help()) + "\n";
      out += "# TYPE " + f.name() + " counter\n";
      for (const auto& [values, c] : f.Children()) {
        out += f.name() + Labels(f.labels(), values) + " " + std::to_string(c->value()) + "\n";
      }
      continue;
    }
    const HistogramFamily& f = *histograms_[index];
    out += "# HELP " + f.name() + " " + EscapeHelp(f.help()) + "\n";
    out += "# TYPE " + f.name() + " histogram\n";
    for (const auto& [values, h] : f.Children()) {
      std::vector<uint64_t> counts = h->CumulativeCounts();
      for (size_t i = 0; i < counts.size(); ++i) {
        std::string le = i < f.bounds().size() ? FormatDouble(f.bounds()[i]) : "+Inf";
        out += f.name() + "_bucket" + Labels(f.labels(), values, "le", le) + " " +
               std::to_string(counts[i]) + "\n";
      }
      out += f.name() + "_sum" + Labels(f.labels(), values) + " " + FormatDouble(h->sum()) + "\n";
      out += f.name() + "_count" + Labels(f.labels(), values) + " " +
             std::to_string(counts.back()) + "\n";
    }
  }
  return out;
}

}  // namespace portcullis::http
