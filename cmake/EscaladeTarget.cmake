# escalade_target_options(<target>): the project's private warning and sanitizer flags.
# Warnings are PRIVATE so that they never leak into a consumer's build.
function(escalade_target_options target)
  # -Wno-missing-field-initializers: designated initializers over structs with in-class
  # defaults (the Options idiom) are intended to omit fields.
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wno-missing-field-initializers)
  # Determinism: never fuse a*b+c into one rounding, whatever the target CPU.
  target_compile_options(${target} PRIVATE -ffp-contract=off)
  # Libraries compile to fat LTO objects in Release (see escalade_lto_program).
  get_target_property(type ${target} TYPE)
  if(ESCALADE_LTO_ACTIVE AND type STREQUAL "STATIC_LIBRARY")
    target_compile_options(${target} PRIVATE $<$<CONFIG:Release>:-flto=auto -ffat-lto-objects>)
  endif()
  if(ESCALADE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(ESCALADE_SANITIZE)
    # -Wno-maybe-uninitialized: under -fsanitize GCC 12 reports false positives
    # inside libstdc++ (std::regex's std::function members); the Release build,
    # without sanitizers, still reports the warning.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=undefined
                                             -fno-omit-frame-pointer -Wno-maybe-uninitialized)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
  if(ESCALADE_TSAN)
    target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer
                                             -Wno-maybe-uninitialized)
    target_link_options(${target} PUBLIC -fsanitize=thread)
  endif()
endfunction()

# escalade_lto_program(<target>): a program we ship or measure (the command, the
# benchmarks, the Python module) is optimised across the libraries at link time in
# Release: the libraries' objects are fat (GIMPLE and machine code), so these programs
# link the GIMPLE with -flto while the test programs link the machine code as usual,
# without the cost of an LTO link each. Measured in bench/RESULTS.md (reference network
# +11%); the outputs are the same bytes with and without (tests/cli checks the command).
function(escalade_lto_program target)
  if(ESCALADE_LTO_ACTIVE)
    target_compile_options(${target} PRIVATE $<$<CONFIG:Release>:-flto=auto>)
    target_link_options(${target} PRIVATE $<$<CONFIG:Release>:-flto=auto -ffp-contract=off>)
  endif()
endfunction()
