# Runs `props_replay_dump SEED COUNT` twice, in two processes, and fails unless both wrote
# the same bytes. Usage: cmake -DDUMP=... -DSEED=... -DCOUNT=... -DOUT=dir -P two_processes.cmake
foreach(run 1 2)
  execute_process(COMMAND ${DUMP} ${SEED} ${COUNT} OUTPUT_FILE ${OUT}/run${run}.jsonl
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "props_replay_dump exited ${rc}")
  endif()
endforeach()
file(SHA256 ${OUT}/run1.jsonl first)
file(SHA256 ${OUT}/run2.jsonl second)
file(SIZE ${OUT}/run1.jsonl bytes)
if(NOT first STREQUAL second)
  message(FATAL_ERROR "two processes replayed the same traces to different bytes: "
                      "${OUT}/run1.jsonl vs ${OUT}/run2.jsonl")
endif()
if(bytes LESS 1000)
  message(FATAL_ERROR "the dump is suspiciously small (${bytes} bytes)")
endif()
message(STATUS "same ${bytes} bytes from two processes (sha256 ${first})")
