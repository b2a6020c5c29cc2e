#pragma once
// UTF-8 and JSON "backslash-u" escape helpers for the strict JSON parser.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace portcullis::token {

// Reads four hex digits at s[pos] into `out`; false if there are not four.
bool ReadHex4(std::string_view s, size_t pos, uint32_t& out);
// Appends code point `cp` (at most U+10FFFF, not a surrogate) as UTF-8.
void AppendUtf8(uint32_t cp, std::string& out);
// Length of the well-formed UTF-8 sequence at s[pos] (Unicode Table 3-7), or 0. Rejects overlong
// forms, UTF-16 surrogates (ED A0..BF) and code points above U+10FFFF.
size_t Utf8SequenceLength(std::string_view s, size_t pos);

}  // namespace portcullis::token
