# The Jailhouse backend's build facts: the communication region's address,
# taken from the board's device tree (comm_layout.py) and compiled into
# cell.c as CELLMATE_JH_COMM_BASE, so that a failure before the kernel has
# read the device tree still reaches the region's state word.
board_facts(${CMAKE_CURRENT_LIST_DIR}/comm_layout.py "hv/jailhouse")
set_source_files_properties(${CMAKE_SOURCE_DIR}/hv/jailhouse/cell.c
  PROPERTIES COMPILE_DEFINITIONS CELLMATE_JH_COMM_BASE=${JH_COMM_BASE}u)
message(STATUS "hv/jailhouse: communication region at ${JH_COMM_BASE}")
