# Embeds the project's data files (techfiles/, netlists/, cells/) into the library so that the
# rtmchar binary works from any directory without an install step. Each file keeps its
# repository-relative path, which diagnostics use as the file name (e.g. techfiles/32nm.toml:12).
function(rtmchar_embed_resources target out_cpp)
  set(files ${ARGN})
  add_custom_command(
    OUTPUT ${out_cpp}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_cpp} -DROOT=${PROJECT_SOURCE_DIR}
            "-DFILES=${files}" -P ${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/EmbedScript.cmake
    COMMENT "Embedding ${target} data files"
    VERBATIM)
  target_sources(${target} PRIVATE ${out_cpp})
endfunction()
