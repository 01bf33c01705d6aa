# Text files compiled into klab (templates, scenarios, image recipes), generated into
# the build tree at build time, so the files in the source tree are the only copy.
#
#   klab_embed_files(<target> OUTPUT <name.cpp> INCLUDE <header> NAMESPACE <ns>
#                    FUNCTION <signature> CONTAINER <type> [KEY NAME|NAME_WE] FILES <files...>)
#
# generates <build>/<name.cpp> defining `FUNCTION { static const CONTAINER v = {{"key",
# R"(text)"}, ...}; return v; }` with the files sorted by name (KEY NAME: the file name,
# NAME_WE: without its extension), and adds it to <target>. The same file run as a
# script (cmake -P) does the generation; it fails when a file contains the raw-string
# delimiter.
set(KLAB_EMBED_DELIMITER klab_embed)

if(CMAKE_SCRIPT_MODE_FILE)
  string(REPLACE "|" ";" files "${FILES}")
  list(SORT files)
  set(body "// GENERATED at build time by cmake/klab_embed.cmake from ${SOURCE}: edit those files.\n")
  string(APPEND body "#include \"${INCLUDE}\"\n\nnamespace ${NAMESPACE} {\n\n${FUNCTION} {\n")
  string(APPEND body "  static const ${CONTAINER} embedded = {\n")
  foreach(file IN LISTS files)
    get_filename_component(key "${file}" ${KEY})
    file(READ "${file}" text)
    string(FIND "${text}" ")${KLAB_EMBED_DELIMITER}\"" clash)
    if(NOT clash EQUAL -1)
      message(FATAL_ERROR "${file} contains the raw-string delimiter )${KLAB_EMBED_DELIMITER}\"")
    endif()
    string(APPEND body "      {\"${key}\", R\"${KLAB_EMBED_DELIMITER}(${text})${KLAB_EMBED_DELIMITER}\"},\n")
  endforeach()
  string(APPEND body "  };\n  return embedded;\n}\n\n}  // namespace ${NAMESPACE}\n")
  # Rewrite only on change, so touching an unrelated file recompiles nothing.
  if(EXISTS "${OUT}")
    file(READ "${OUT}" old)
    if(old STREQUAL body)
      return()
    endif()
  endif()
  file(WRITE "${OUT}.tmp" "${body}")
  file(RENAME "${OUT}.tmp" "${OUT}")
  return()
endif()

set(KLAB_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_FILE})

function(klab_embed_files target)
  cmake_parse_arguments(E "" "OUTPUT;INCLUDE;NAMESPACE;FUNCTION;CONTAINER;KEY" "FILES" ${ARGN})
  if(NOT E_KEY)
    set(E_KEY NAME)
  endif()
  if(NOT E_FILES)
    message(FATAL_ERROR "klab_embed_files(${target}): no files to embed")
  endif()
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${E_OUTPUT})
  list(GET E_FILES 0 first)
  get_filename_component(source_dir "${first}" DIRECTORY)
  file(RELATIVE_PATH source_dir ${PROJECT_SOURCE_DIR} ${source_dir})
  string(REPLACE ";" "|" files "${E_FILES}")
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} "-DOUT=${out}" "-DFILES=${files}" "-DINCLUDE=${E_INCLUDE}"
            "-DNAMESPACE=${E_NAMESPACE}" "-DFUNCTION=${E_FUNCTION}" "-DCONTAINER=${E_CONTAINER}"
            "-DKEY=${E_KEY}" "-DSOURCE=${source_dir}/" -P ${KLAB_EMBED_SCRIPT}
    DEPENDS ${E_FILES} ${KLAB_EMBED_SCRIPT}
    COMMENT "Embedding ${source_dir}/ into ${E_OUTPUT}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
