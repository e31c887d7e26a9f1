# Helpers shared by the layer CMakeLists.

# homeboard_add_layer(<name> DEPS <targets...>)
# Builds every .cc under src/<name>/ (and its internal/ folder) except *_test.cc and
# *_fuzz.cc into the library homeboard_<name>, aliased homeboard::<name>.
function(homeboard_add_layer name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS
       ${CMAKE_CURRENT_SOURCE_DIR}/*.cc ${CMAKE_CURRENT_SOURCE_DIR}/internal/*.cc)
  list(FILTER sources EXCLUDE REGEX "_(test|fuzz|bench)\\.cc$")
  add_library(homeboard_${name} STATIC ${sources})
  add_library(homeboard::${name} ALIAS homeboard_${name})
  target_include_directories(homeboard_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(homeboard_${name} PUBLIC ${ARG_DEPS} PRIVATE homeboard_warnings ${ARG_PRIVATE_DEPS})
endfunction()

# homeboard_add_tests(DEPS <targets...> [LABELS l...] [FIXTURES f...])
# One test executable per *_test.cc in the current folder (named after the file),
# registered with ctest test by test.
function(homeboard_add_tests)
  cmake_parse_arguments(ARG "" "" "DEPS;LABELS;FIXTURES" ${ARGN})
  if(NOT HOMEBOARD_BUILD_TESTS)
    return()
  endif()
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  foreach(test_source ${tests})
    get_filename_component(file_name ${test_source} NAME_WE)
    # Target names are global: a second error_test (say) becomes <folder>_error_test. The
    # binary keeps the file's name inside its own build folder either way.
    set(test_name ${file_name})
    if(TARGET ${test_name})
      get_filename_component(folder ${CMAKE_CURRENT_SOURCE_DIR} NAME)
      set(test_name ${folder}_${file_name})
    endif()
    add_executable(${test_name} ${test_source})
    set_target_properties(${test_name} PROPERTIES OUTPUT_NAME ${file_name})
    target_link_libraries(${test_name} PRIVATE ${ARG_DEPS} homeboard::testing
                          GTest::gtest GTest::gmock GTest::gtest_main homeboard_warnings)
    set(props "")
    if(ARG_LABELS)
      list(APPEND props LABELS "${ARG_LABELS}")
    endif()
    if(ARG_FIXTURES)
      list(APPEND props FIXTURES_REQUIRED "${ARG_FIXTURES}")
    endif()
    gtest_discover_tests(${test_name} DISCOVERY_TIMEOUT 60 PROPERTIES ${props})
  endforeach()
endfunction()

# homeboard_add_fuzzers(DEPS <targets...>)
# One libFuzzer executable per *_fuzz.cc in the current folder, when HOMEBOARD_FUZZ is on
# (configure with CC=clang CXX=clang++). Each is also registered as a short ctest run over
# its seed corpus (testdata/fuzz/<name>/ if present) plus a few seconds of fuzzing.
function(homeboard_add_fuzzers)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  if(NOT HOMEBOARD_FUZZ)
    return()
  endif()
  file(GLOB fuzzers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_fuzz.cc)
  foreach(fuzz_source ${fuzzers})
    get_filename_component(fuzz_name ${fuzz_source} NAME_WE)
    add_executable(${fuzz_name} ${fuzz_source})
    target_compile_options(${fuzz_name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${fuzz_name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(${fuzz_name} PRIVATE ${ARG_DEPS} homeboard_warnings)
    set(corpus ${CMAKE_CURRENT_SOURCE_DIR}/testdata/fuzz/${fuzz_name})
    set(work ${CMAKE_CURRENT_BINARY_DIR}/${fuzz_name}_corpus)
    set(seed_dir "")
    if(EXISTS ${corpus})
      set(seed_dir "'${corpus}'")
    endif()
    if(HOMEBOARD_BUILD_TESTS)
      add_test(NAME ${fuzz_name}.short_run
               COMMAND sh -c "mkdir -p '${work}' && exec '$<TARGET_FILE:${fuzz_name}>' -max_total_time=20 -rss_limit_mb=2048 '${work}' ${seed_dir}")
      set_tests_properties(${fuzz_name}.short_run PROPERTIES LABELS fuzz)
    endif()
  endforeach()
endfunction()

# Where the ddb_local ctest fixture (tests/CMakeLists.txt) keeps DynamoDB Local's pid, log and
# endpoint file. Set here, at top level, so every folder's integration tests see the same path.
set(HOMEBOARD_DDB_LOCAL_STATE_DIR "${CMAKE_BINARY_DIR}/ddb_local")

# homeboard_add_integration_tests(DEPS <targets...> [LABELS l...])
# Like homeboard_add_tests, for tests that talk to DynamoDB Local: one GoogleTest executable per
# *_test.cc in the current folder, each test requiring the ddb_local fixture (one DynamoDB Local
# per ctest run, started before and stopped after them) and run with HOMEBOARD_DDB_ENDPOINT_FILE
# naming the file the fixture writes its endpoint to (read by testing::DynamoDbLocalEndpoint()).
# Labelled "integration" plus LABELS.
function(homeboard_add_integration_tests)
  cmake_parse_arguments(ARG "" "" "DEPS;LABELS" ${ARGN})
  if(NOT HOMEBOARD_BUILD_TESTS)
    return()
  endif()
  set(labels integration ${ARG_LABELS})
  string(REPLACE ";" "\\;" labels "${labels}")
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  foreach(test_source ${tests})
    get_filename_component(file_name ${test_source} NAME_WE)
    # Target names are global: a second error_test (say) becomes <folder>_error_test. The
    # binary keeps the file's name inside its own build folder either way.
    set(test_name ${file_name})
    if(TARGET ${test_name})
      get_filename_component(folder ${CMAKE_CURRENT_SOURCE_DIR} NAME)
      set(test_name ${folder}_${file_name})
    endif()
    add_executable(${test_name} ${test_source})
    set_target_properties(${test_name} PROPERTIES OUTPUT_NAME ${file_name})
    target_link_libraries(${test_name} PRIVATE ${ARG_DEPS} homeboard::testing
                          GTest::gtest GTest::gmock GTest::gtest_main homeboard_warnings)
    gtest_discover_tests(${test_name} DISCOVERY_TIMEOUT 60
      PROPERTIES
        FIXTURES_REQUIRED ddb_local
        LABELS "${labels}"
        ENVIRONMENT "HOMEBOARD_DDB_ENDPOINT_FILE=${HOMEBOARD_DDB_LOCAL_STATE_DIR}/endpoint")
  endforeach()
endfunction()
