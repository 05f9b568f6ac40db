# The demo applications as tests: they check themselves and report PASS.
qemu_test(tasks.periodic_threads_keep_their_schedule APP tasks ICOUNT 3
  CMDLINE "run-ms=2000" TIMEOUT 120
  EXPECT "periodic +100: loop +20 at tick 2000" "periodic 2000: loop +1 at tick 2000"
         "producer: sent 1\r?\n" "consumer: received 1\r?\n"
         "fp: fp-a: sum of 800 x 125/1000 ok" "fp: fp-b: sum of 640 x 750/1000 ok"
         "tasks: periodic: 66 wake-ups, 0 missed, 0 late, 0 early"
         "tasks: queue: ([0-9]+) sent, \\1 received, 0 out of order"
         "tasks: PASS"
  REJECT ${NO_TROUBLE})

# The generic timer's physical-timer option (qemu-arm-virt-ptimer board).
if(CELLMATE_BOARD MATCHES "ptimer")
  qemu_test(hello.runs_on_the_physical_timer APP hello ICOUNT 3
    CMDLINE "ticks=100 tick-hz=1000 echo-ms=0"
    EXPECT "timer: arm-phys-timer" "0 ticks off their deadline" "hello: done, status 0"
    REJECT ${NO_TROUBLE})
endif()

# More of the fault reports (fault_test): device memory is never
# executable, and an interrupt without a handler is reported and masked.
if(CELLMATE_ARCH STREQUAL "arm")
  qemu_test(fault.device_memory_is_execute_never APP fault_test
    CMDLINE "fault=xn" EXIT 2
    EXPECT "fault: jumping into device memory at (0x[0-9a-f]{8})[\\s\\S]*CPU fault: prefetch abort at pc=\\1\\s+address=\\1 IFSR=0x[0-9a-f]{8}: permission fault \\(page\\)")
endif()
qemu_test(fault.an_unexpected_interrupt_is_masked_and_reported APP fault_test
  CMDLINE "fault=irq"
  EXPECT "irq: unexpected interrupt [0-9]+ masked" "fault: 1 unhandled interrupt\\(s\\) counted")

if(CELLMATE_HV STREQUAL "jailhouse" AND CELLMATE_QEMU_CONFIGS)
  if(CELLMATE_ARCH STREQUAL "x86")
    include(${CMAKE_CURRENT_LIST_DIR}/cell_x86.cmake)
  else()
    include(${CMAKE_CURRENT_LIST_DIR}/cell.cmake)
  endif()
endif()
