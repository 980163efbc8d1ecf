# What `cmake --install <build> --prefix P` (and `make install PREFIX=P`) puts where:
#
#   P/bin/escalade                          the command
#   P/share/escalade/scenarios/             the shipped scenarios, their trace mappings, FORMAT.md,
#                                           TRACES.md and schema/scenario.schema.json
#   P/share/doc/escalade/                   README.md and docs/
#   P/<python site dir>/escalade/           the Python package (python/CMakeLists.txt), when built
#
# Only what is built is installed: build the `escalade` target (and `escalade_python` for the
# Python package) first. The two trace-replay scenarios name their traces by a path relative to
# the source tree; installed, they need `--trace FILE`.
include(GNUInstallDirs)

install(TARGETS escalade RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/scenarios/"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/escalade/scenarios"
        FILES_MATCHING PATTERN "*.yaml" PATTERN "*.md" PATTERN "*.json")
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/" DESTINATION "${CMAKE_INSTALL_DOCDIR}/docs"
        FILES_MATCHING PATTERN "*.md" PATTERN "*.svg")

# The install, tested: into a temporary prefix, then run and imported from there alone
# (registered here, after python/, which decides the package's directory).
if(ESCALADE_BUILD_TESTS)
  set(_escalade_site "")
  if(ESCALADE_PYTHON_MODULE)
    set(_escalade_site "${ESCALADE_PYTHON_INSTALL_DIR}")
  endif()
  add_test(NAME install_into_prefix
           COMMAND bash "${PROJECT_SOURCE_DIR}/tests/install/install_test.sh" "${CMAKE_COMMAND}"
                   "${PROJECT_BINARY_DIR}" "${ESCALADE_PYTHON}" "${_escalade_site}")
  set_tests_properties(install_into_prefix PROPERTIES LABELS unit TIMEOUT 120)
endif()
