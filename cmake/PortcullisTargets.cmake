# One helper per kind of target, as Abseil's absl_cc_library: portcullis_library,
# portcullis_executable, portcullis_test, portcullis_benchmark, portcullis_fuzzer.
# Our code gets -Wall -Wextra -Werror through portcullis_warnings; third-party headers come in
# through imported targets as system includes and are not held to it.
include_guard(GLOBAL)

add_library(portcullis_warnings INTERFACE)
target_compile_options(portcullis_warnings INTERFACE -Wall -Wextra -Werror -Wno-missing-field-initializers)
# GCC 12 at -O3 reports false -Wrestrict errors inside libstdc++'s std::string operator+
# (GCC bugs 105329, 105651): seen in Release builds only. Kept visible, not fatal.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(portcullis_warnings INTERFACE -Wno-error=restrict)
endif()
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  target_compile_options(portcullis_warnings INTERFACE -Wthread-safety)
endif()

# Linking ~40 test and service binaries with GNU ld was a noticeable share of a 2-core CI build;
# lld is several times faster. A machine without it keeps the compiler's default linker.
set(PORTCULLIS_LINKER "lld" CACHE STRING "-fuse-ld= value (lld, gold, bfd); empty for the compiler's default")
if(PORTCULLIS_LINKER)
  include(CheckLinkerFlag)
  check_linker_flag(CXX -fuse-ld=${PORTCULLIS_LINKER} PORTCULLIS_HAVE_LD_${PORTCULLIS_LINKER})
  if(PORTCULLIS_HAVE_LD_${PORTCULLIS_LINKER})
    add_link_options(-fuse-ld=${PORTCULLIS_LINKER})
  else()
    message(WARNING "PORTCULLIS_LINKER=${PORTCULLIS_LINKER} does not work here (scripts/setup.sh installs lld); "
                    "using the default linker")
  endif()
endif()

if(PORTCULLIS_SANITIZE)
  add_compile_options(-fsanitize=${PORTCULLIS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${PORTCULLIS_SANITIZE})
endif()

# portcullis_library(NAME token SRCS ... DEPS <public> PRIVATE_DEPS <private>)
# Creates portcullis_<NAME> with alias portcullis::<NAME>; include/ is public, src/ private.
# With no SRCS the library is header-only (INTERFACE).
function(portcullis_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target portcullis_${ARG_NAME})
  if(ARG_SRCS)
    add_library(${target} STATIC ${ARG_SRCS})
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                         PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_link_libraries(${target} PUBLIC ${ARG_DEPS} PRIVATE portcullis_warnings ${ARG_PRIVATE_DEPS})
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_link_libraries(${target} INTERFACE ${ARG_DEPS})
  endif()
  add_library(portcullis::${ARG_NAME} ALIAS ${target})
endfunction()

# portcullis_executable(NAME auth-gateway SRCS ... DEPS ...): a binary named as given.
function(portcullis_executable)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_link_libraries(${ARG_NAME} PRIVATE portcullis_warnings ${ARG_DEPS})
  target_include_directories(${ARG_NAME} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()

# portcullis_test(NAME x_test SRCS ... DEPS ... [LABELS unit|pg|nats|integration|e2e] [TIMEOUT s])
# A GoogleTest binary whose cases ctest discovers one by one. LABELS default to "unit".
function(portcullis_test)
  if(NOT PORTCULLIS_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_link_libraries(${ARG_NAME} PRIVATE portcullis_warnings ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_include_directories(${ARG_NAME} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
                                                 ${CMAKE_CURRENT_SOURCE_DIR}/src)
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60
                       PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
endfunction()

# portcullis_benchmark(NAME token_bench SRCS ... DEPS ...): only with PORTCULLIS_BUILD_BENCHMARKS.
function(portcullis_benchmark)
  if(NOT PORTCULLIS_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_link_libraries(${ARG_NAME} PRIVATE portcullis_warnings ${ARG_DEPS} benchmark::benchmark)
  target_include_directories(${ARG_NAME} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
                                                 ${CMAKE_CURRENT_SOURCE_DIR}/src)
endfunction()

# portcullis_fuzzer(NAME jws_fuzzer SRCS ... DEPS ...): libFuzzer + ASan, clang only.
function(portcullis_fuzzer)
  if(NOT PORTCULLIS_BUILD_FUZZERS)
    return()
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "PORTCULLIS_BUILD_FUZZERS needs clang (CXX=clang++)")
  endif()
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_link_libraries(${ARG_NAME} PRIVATE portcullis_warnings ${ARG_DEPS})
  target_include_directories(${ARG_NAME} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
                                                 ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(${ARG_NAME} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${ARG_NAME} PRIVATE -fsanitize=fuzzer,address,undefined)
endfunction()
