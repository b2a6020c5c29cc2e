#pragma once
// Time as the wire shows it to people and other languages.

#include <string>

#include "portcullis/common/clock.h"

namespace portcullis::bus {

// "2026-11-23T12:30:00.123456Z": RFC 3339, UTC, exactly six fractional digits.
std::string FormatRfc3339Micros(TimePoint t);

}  // namespace portcullis::bus
