# The board description: dts/<board>.dts is compiled once at configure time;
# the image embeds that DTB and the link address and RAM size are read back
# from it, so every address lives in the device tree only.

find_program(DTC dtc REQUIRED)
find_program(FDTGET fdtget REQUIRED)

# fdt_get(<out-var> <dtb> <node> <property> [TYPE x|s]) - fails loudly.
function(fdt_get out dtb node prop)
  cmake_parse_arguments(A "" "TYPE" "" ${ARGN})
  set(type_args)
  if(A_TYPE)
    set(type_args -t ${A_TYPE})
  endif()
  execute_process(COMMAND ${FDTGET} ${type_args} ${dtb} ${node} ${prop}
    OUTPUT_VARIABLE value ERROR_VARIABLE err RESULT_VARIABLE rc
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "board: ${node} ${prop}: ${err}")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# board_compile(<board>): compiles the DTS and sets, in the caller's scope,
# BOARD_DTB, BOARD_RAM_BASE and BOARD_RAM_SIZE (hex strings "0x...").
function(board_compile board)
  set(dts ${CMAKE_SOURCE_DIR}/dts/${board}.dts)
  if(NOT EXISTS ${dts})
    message(FATAL_ERROR "board '${board}': no ${dts}")
  endif()
  set(dtb ${CMAKE_BINARY_DIR}/${board}.dtb)
  set(dep ${CMAKE_BINARY_DIR}/${board}.dtb.d)
  execute_process(COMMAND ${DTC} -q -I dts -O dtb -i ${CMAKE_SOURCE_DIR}/dts
      -d ${dep} -o ${dtb} ${dts}
    ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "board '${board}': dtc failed:\n${err}")
  endif()
  # Re-run the configure step whenever the DTS or an include changes.
  file(READ ${dep} deps)
  string(REGEX REPLACE "^[^:]*:" "" deps "${deps}")
  string(REGEX REPLACE "[ \t\r\n\\\\]+" ";" deps "${deps}")
  foreach(d ${deps})
    if(d)
      set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY
        CMAKE_CONFIGURE_DEPENDS ${d})
    endif()
  endforeach()

  # The first enabled memory node is where the image runs.
  fdt_get(acells ${dtb} / "#address-cells")
  fdt_get(scells ${dtb} / "#size-cells")
  execute_process(COMMAND ${FDTGET} -l ${dtb} /
    OUTPUT_VARIABLE nodes OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REPLACE "\n" ";" nodes "${nodes}")
  set(memnode "")
  foreach(n ${nodes})
    execute_process(COMMAND ${FDTGET} ${dtb} /${n} device_type
      OUTPUT_VARIABLE type OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    # A disabled memory node is no RAM to the kernel (common/memmap.c)
    # nor to the cell-config generator: the image must not go there.
    execute_process(COMMAND ${FDTGET} ${dtb} /${n} status
      OUTPUT_VARIABLE status OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
      RESULT_VARIABLE status_rc)
    if(type STREQUAL "memory" AND (NOT status_rc EQUAL 0 OR
        status STREQUAL "okay" OR status STREQUAL "ok"))
      set(memnode /${n})
      break()
    endif()
  endforeach()
  if(NOT memnode)
    message(FATAL_ERROR "board '${board}': no memory node in ${dts}")
  endif()
  fdt_get(reg ${dtb} ${memnode} reg TYPE x)
  string(REPLACE " " ";" reg "${reg}")
  list(LENGTH reg nreg)
  math(EXPR want "${acells} + ${scells}")
  if(NOT nreg GREATER_EQUAL want OR acells GREATER 2 OR scells GREATER 2)
    message(FATAL_ERROR "board '${board}': cannot read ${memnode} reg")
  endif()
  if(acells EQUAL 2)
    list(GET reg 0 hi)
    list(GET reg 1 lo)
    if(NOT hi STREQUAL "0")
      message(FATAL_ERROR "board '${board}': RAM above 4 GiB is not supported")
    endif()
    set(base ${lo})
  else()
    list(GET reg 0 base)
  endif()
  list(GET reg ${acells} size)
  if(scells EQUAL 2)
    math(EXPR i "${acells} + 1")
    list(GET reg ${i} size)
  endif()
  set(BOARD_DTB ${dtb} PARENT_SCOPE)
  set(BOARD_RAM_BASE 0x${base} PARENT_SCOPE)
  set(BOARD_RAM_SIZE 0x${size} PARENT_SCOPE)
  message(STATUS "board ${board}: RAM 0x${base} size 0x${size} (${memnode})")
endfunction()

# board_facts(<script> <who>): runs a Python script on the board's DTB
# that prints CMake set() lines, evaluates them in the caller's scope, and
# re-runs the configure step when the script changes. A script error stops
# the configure step with its message, prefixed by <who>.
macro(board_facts script who)
  execute_process(COMMAND ${Python3_EXECUTABLE} ${script} ${BOARD_DTB}
    OUTPUT_VARIABLE board_facts_out ERROR_VARIABLE board_facts_err
    RESULT_VARIABLE board_facts_rc)
  if(NOT board_facts_rc EQUAL 0)
    message(FATAL_ERROR "${who}: ${board_facts_err}")
  endif()
  cmake_language(EVAL CODE "${board_facts_out}")
  set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY
    CMAKE_CONFIGURE_DEPENDS ${script})
endmacro()
