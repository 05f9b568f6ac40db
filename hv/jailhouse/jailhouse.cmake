# The Jailhouse backend's build facts: the communication region's address,
# taken from the board's device tree (comm_layout.py) and compiled into
# cell.c as CELLMATE_JH_COMM_BASE, so that a failure before the kernel has
# read the device tree still reaches the region's state word.
execute_process(
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/comm_layout.py ${BOARD_DTB}
  OUTPUT_VARIABLE layout ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "hv/jailhouse: ${err}")
endif()
cmake_language(EVAL CODE "${layout}")
set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY
  CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/comm_layout.py)
set_source_files_properties(${CMAKE_SOURCE_DIR}/hv/jailhouse/cell.c
  PROPERTIES COMPILE_DEFINITIONS CELLMATE_JH_COMM_BASE=${JH_COMM_BASE}u)
message(STATUS "hv/jailhouse: communication region at ${JH_COMM_BASE}")
