# The demo applications as tests: they check themselves and report PASS.
qemu_test(tasks.periodic_threads_keep_their_schedule APP tasks ICOUNT 3
  CMDLINE "run-ms=2000" TIMEOUT 120
  EXPECT "periodic +100: loop +20 at tick 2000" "periodic 2000: loop +1 at tick 2000"
         "producer: sent 1\r?\n" "consumer: received 1\r?\n"
         "fp: fp-a: sum of 800 x 125/1000 ok" "fp: fp-b: sum of 640 x 750/1000 ok"
         "tasks: periodic: 66 wake-ups, 0 missed, 0 late, 0 early"
         "tasks: queue: ([0-9]+) sent, \\1 received, 0 out of order"
         "tasks: periodic: 66 wake-ups, 0 missed, 0 late, 0 early[;] worst [1-9][0-9]* ns after a deadline"
         "tasks: PASS"
  REJECT ${NO_TROUBLE})
# The self-check fails a run whose threads wake late: with 10 us demo
# ticks, twenty threads due at once and a line printed per wake-up, most
# wake more than a tick after their deadline (none is missed or early).
qemu_test(tasks.a_late_wake_up_fails_the_run APP tasks ICOUNT 3
  CMDLINE "run-ms=100 tick-us=10" EXIT 1
  EXPECT "tasks: periodic: 354 wake-ups, 0 missed, [1-9][0-9]* late, 0 early"
         "tasks: FAIL"
  REJECT "tasks: PASS")
# ... and with the faults it must report (apps/tasks_faults.c): a wake-up
# before its deadline, a message lost, messages left unreceived.
cellmate_app(tasks_faults ${CMAKE_SOURCE_DIR}/apps/tasks/main.c
  apps/tasks_faults.c FP_SOURCES ${CMAKE_SOURCE_DIR}/apps/tasks/fp.c)
target_include_directories(tasks_faults PRIVATE ${CMAKE_SOURCE_DIR}/apps/tasks)
target_link_options(tasks_faults PRIVATE -Wl,--wrap=clock_now_ns
  -Wl,--wrap=msgq_recv)
qemu_test(tasks.an_early_wake_up_fails_the_run APP tasks_faults ICOUNT 3
  CMDLINE "run-ms=500 quiet fault=early" EXIT 1
  EXPECT "tasks: periodic: [0-9]+ wake-ups, 0 missed, 0 late, [1-9][0-9]* early"
         "tasks: FAIL"
  REJECT "tasks: PASS")
qemu_test(tasks.a_lost_message_fails_the_run APP tasks_faults ICOUNT 3
  CMDLINE "run-ms=1000 quiet fault=drop" EXIT 1
  EXPECT "tasks: queue: [0-9]+ sent, [0-9]+ received, [1-9][0-9]* out of order"
         "tasks: FAIL"
  REJECT "tasks: PASS")
qemu_test(tasks.messages_left_unreceived_fail_the_run APP tasks_faults ICOUNT 3
  CMDLINE "run-ms=1000 quiet fault=stop" EXIT 1
  EXPECT "tasks: queue: ([5-9]|[1-9][0-9]+) sent, 4 received, 0 out of order"
         "tasks: FAIL"
  REJECT "tasks: PASS")

# The latency instrument (where the board has the RAM for it): every
# metric yields its statistics and the line tools/bench reads; a misspelt
# option stops it instead of measuring something else. A cell's message
# poll keeps a timeout pending, and the timer metrics borrow the kernel's
# timer: those need a bare board.
if(TARGET latency)
  # arm-K's window holds the arming alone: the probe deadline's arithmetic
  # comes before the first counter read (apps/measured_window.py).
  add_test(NAME latency.the_arming_window_holds_only_the_arming
    COMMAND ${Python3_EXECUTABLE}
            ${CMAKE_CURRENT_SOURCE_DIR}/apps/measured_window.py
            ${CMAKE_OBJDUMP} $<TARGET_FILE:latency>)
  set(L "BENCH \\{\"metric\":\"")
  # Each metric's line with all 20 samples, none clipped.
  set(ALL20 ",.*\"n\":20,.*\"clipped\":0,")
  if(NOT CELLMATE_HV STREQUAL "jailhouse")
    # A second of sleep takes no timer interrupt in a tickless kernel, the
    # tick rate in a periodic one.
    if(CELLMATE_TICK_HZ)
      set(IDLE "${L}idle-irqs\",\"load\":\"[a-z]+\",\"per_second\":${CELLMATE_TICK_HZ}\\}")
    else()
      set(IDLE "${L}idle-irqs\",\"load\":\"[a-z]+\",\"per_second\":0\\}")
    endif()
    set(every_metric)
    foreach(m timer-irq irq-sem wake periodic switch-sem switch-sem-equal
              switch-yield scale-8 scale-wake-8 scale-256 scale-wake-256
              arm-10 arm-10000)
      list(APPEND every_metric "${L}${m}\"${ALL20}")
    endforeach()
    # The line tools/bench reads repeats the figures printed for people,
    # at the counter rate the run started with (arm-10: five different
    # figures; the printed average is the BENCH one's whole part).
    list(APPEND every_metric
      "counter ([0-9]+) Hz[\\s\\S]*${L}arm-10\",\"load\":\"none\",\"freq_hz\":\\1,"
      "arm-10 +ticks +min +([0-9]+) +avg +([0-9]+) +median +([0-9]+) +p99 +([0-9]+) +max +([0-9]+)\\r?\\n[\\s\\S]*?${L}arm-10\",.*\"min\":\\1,\"avg_x100\":\\2[0-9][0-9],\"median\":\\3,\"p99\":\\4,\"max\":\\5,")
    # With no load, wake and periodic take one path: a lone timeout wakes
    # the highest-priority thread, whatever its deadline. Each reads the
    # counter first thing and measures from the deadline in ticks as the
    # kernel rounds it: the same figure.
    if(NOT CELLMATE_TICK_HZ)
      list(APPEND every_metric
        "${L}wake\",.*\"median\":([0-9]+),[\\s\\S]*${L}periodic\",.*\"median\":\\1,")
    endif()
    qemu_test(latency.measures_every_metric APP latency ICOUNT 3
      CMDLINE "samples=20"
      EXPECT ${every_metric}
             "scale-256: 256 threads, 0 of the crowd of [0-9]+ not as planned"
             "${IDLE}" "latency: done"
      REJECT ${NO_TROUBLE} "sample\\(s\\) clipped")
    # "all" is every load at once, at the priorities docs/perf.md gives.
    set(ALL_LOADS "load: 3 busy thread\\(s\\) at priority 2"
        "load: 1 cache thread\\(s\\) at priority 3"
        "load: 8 herd thread\\(s\\) at priority 20")
    # The measured thread runs above every load: a deadline it shares
    # with the herd's wakes it first. Below it, it would wait for all
    # eight (ARM, tickless: a median of 97 ticks, 2883 so; the bound is
    # 999).
    set(WAKE_ABOVE_LOAD)
    if(CELLMATE_ARCH STREQUAL "arm" AND NOT CELLMATE_TICK_HZ)
      set(WAKE_ABOVE_LOAD "${L}wake\",\"load\":\"all\",.*\"median\":[0-9]{1,3},")
    endif()
    qemu_test(latency.runs_under_every_load APP latency ICOUNT 3
      CMDLINE "samples=20 load=all metric=wake"
      EXPECT "load all" ${ALL_LOADS} "${L}wake\",\"load\":\"all\"${ALL20}"
             ${WAKE_ABOVE_LOAD} "latency: done"
      REJECT ${NO_TROUBLE} "sample\\(s\\) clipped")
    # The herd wakes on the periodic metric's grid: each periodic wake-up
    # shares its interrupt with eight of theirs, which a lone wake-up
    # never costs (ARM, tickless: 325 ticks at least, 97 with the herd off
    # the grid; the bound is 200).
    if(CELLMATE_ARCH STREQUAL "arm" AND NOT CELLMATE_TICK_HZ)
      qemu_test(latency.the_herd_shares_the_periodic_deadlines APP latency
        ICOUNT 3 CMDLINE "samples=20 load=herd metric=periodic"
        EXPECT "${L}periodic\",\"load\":\"herd\",.*\"min\":([2-9][0-9]{2}|[0-9]{4,}),"
               "latency: done"
        REJECT ${NO_TROUBLE} "sample\\(s\\) clipped")
    endif()
    # The timer metrics run under the CPU loads (the herd, which sleeps
    # on timeouts, starts after them: no kernel timeout is held while
    # they borrow the timer), their thread above every load.
    qemu_test(latency.times_the_timer_under_the_cpu_loads APP latency ICOUNT 3
      CMDLINE "samples=20 load=all metric=irq-sem"
      EXPECT "${L}irq-sem\",\"load\":\"all\"${ALL20}" "latency: done"
      REJECT ${NO_TROUBLE} "sample\\(s\\) clipped" "held kernel timeout")
    # A clipped sample (apps/latency_faults.c: every fifth ends before it
    # starts) is said so, and its count reaches the line tools/bench
    # reads, which then takes no figure from it.
    cellmate_app(latency_faults ${CMAKE_SOURCE_DIR}/apps/latency/main.c
      ${CMAKE_SOURCE_DIR}/apps/latency/stats.c apps/latency_faults.c)
    target_include_directories(latency_faults PRIVATE
      ${CMAKE_SOURCE_DIR}/apps/latency)
    target_link_options(latency_faults PRIVATE -Wl,--wrap=sample_ticks)
    qemu_test(latency.says_how_many_samples_were_clipped APP latency_faults
      ICOUNT 3 CMDLINE "samples=20 metric=wake fault=clip"
      EXPECT "latency: wake: 4 sample\\(s\\) clipped"
             "${L}wake\",.*\"n\":20,.*\"min\":0,.*\"clipped\":4," "latency: done"
      REJECT ${NO_TROUBLE})
    # The top of the range fits the sample array: 4000, none lost.
    qemu_test(latency.takes_the_most_samples_it_allows APP latency ICOUNT 3
      CMDLINE "samples=4000 metric=irq-sem"
      EXPECT "${L}irq-sem\",.*\"n\":4000,.*\"clipped\":0," "latency: done"
      REJECT ${NO_TROUBLE})
    # The loads stop before the idle second: it is every thread asleep.
    qemu_test(latency.stops_the_load_before_the_idle_second APP latency
      ICOUNT 3 CMDLINE "samples=10 load=all metric=idle"
      EXPECT "${IDLE}" "latency: done" REJECT ${NO_TROUBLE})
    # A periodic tick takes its rate in interrupts in a second of sleep,
    # not one more.
    if(CELLMATE_TICK_HZ)
      qemu_test(latency.counts_the_tick_rate_in_an_idle_second APP latency
        ICOUNT 3 CMDLINE "samples=10 metric=idle"
        EXPECT "${L}idle-irqs\",\"load\":\"none\",\"per_second\":${CELLMATE_TICK_HZ}\\}"
        REJECT ${NO_TROUBLE})
    endif()
  elseif(CELLMATE_ARCH STREQUAL "arm")
    # In a cell the message poll's timeout is always pending: the timer
    # metrics lend the kernel's timer out in turns that end before it is
    # due (a turn's one sample aside), and say how many it took.
    qemu_test(latency.lends_the_timer_around_a_pending_timeout APP latency
      ICOUNT 3 CMDLINE "samples=300 metric=irq-sem"
      EXPECT "irq-sem: the timer lent ([2-9]|[1-9][0-9]+) times, around up to 1 held kernel timeout\\(s\\)"
             "${L}irq-sem\",.*\"n\":300,.*\"clipped\":0," "latency: done"
      REJECT ${NO_TROUBLE} "FAILED")
  endif()
  qemu_test(latency.rejects_an_unknown_metric APP latency EXIT 1
    CMDLINE "metric=bogus"
    EXPECT "latency: unknown metric 'bogus'[;] one of: timer-irq")
  qemu_test(latency.rejects_an_unknown_load APP latency EXIT 1
    CMDLINE "load=heavy"
    EXPECT "latency: unknown load 'heavy'[;] one of: none busy")
  # What the parser refuses keeps its default: the run must stop rather
  # than measure 1000 samples, no load or every metric instead.
  set(REFUSED "latency: 1 command-line problem\\(s\\), reported above[;] not measuring")
  qemu_test(latency.rejects_a_sample_count_out_of_range APP latency EXIT 1
    CMDLINE "samples=5"
    EXPECT "'samples' needs a number in 10\\.\\.4000" "${REFUSED}"
    REJECT "latency: done")
  qemu_test(latency.rejects_an_overlong_load APP latency EXIT 1
    CMDLINE "load=busy-busy metric=idle"
    EXPECT "'load' needs a value" "${REFUSED}" REJECT "latency: done")
  qemu_test(latency.rejects_an_overlong_metric APP latency EXIT 1
    CMDLINE "metric=switch-yield-equal"
    EXPECT "'metric' needs a value" "${REFUSED}" REJECT "latency: done")
  qemu_test(latency.rejects_a_misspelt_option APP latency EXIT 1
    CMDLINE "sample=30 metric=idle"
    EXPECT "unknown option 'sample'" "${REFUSED}" REJECT "latency: done")
endif()

# The generic timer's physical-timer option (qemu-arm-virt-ptimer board).
if(CELLMATE_BOARD MATCHES "ptimer")
  qemu_test(hello.runs_on_the_physical_timer APP hello ICOUNT 3
    CMDLINE "ticks=100 tick-hz=1000 echo-ms=0 tick-strict=1"
    EXPECT "timer: arm-phys-timer" "0 ticks off their deadline" "hello: done, status 0"
    REJECT ${NO_TROUBLE})
  qemu_test(core.ptimer APP core_test CMDLINE "suite=ptimer"
    CONFIGS virt-a15
    EXPECT "^1 passed, 0 failed" REJECT ${NO_TROUBLE} "FAILED")
endif()

# More of the fault reports (fault_test): device memory is never
# executable, and an interrupt without a handler is reported and masked.
if(CELLMATE_ARCH STREQUAL "arm")
  qemu_test(fault.device_memory_is_execute_never APP fault_test
    CMDLINE "fault=xn" EXIT 2
    EXPECT "fault: jumping into device memory at (0x[0-9a-f]{8})[\\s\\S]*CPU fault: prefetch abort at pc=\\1\\s+address=\\1 IFSR=0x[0-9a-f]{8}: permission fault \\(page\\)")
endif()
# A software-raised interrupt: QEMU's GICv2 keeps SGIs enabled and the
# LAPIC has no mask for a self-IPI vector, and the report says so.
qemu_test(fault.an_unexpected_interrupt_is_reported APP fault_test
  CMDLINE "fault=irq"
  EXPECT "irq: unexpected interrupt [0-9]+, which cannot be masked \\(E_NOTSUP\\)"
         "fault: 1 unhandled interrupt\\(s\\) counted"
  REJECT "interrupt [0-9]+ masked")
# A maskable one (ARM: a GIC SPI made pending by software; x86: the
# console UART's line at the IOAPIC, raised by the UART; bare boards only:
# in a cell the line is not the cell's): masked when it comes, so raising
# it again delivers nothing.
if(NOT CELLMATE_HV STREQUAL "jailhouse")
  qemu_test(fault.an_unexpected_interrupt_is_masked APP fault_test
    CMDLINE "fault=irq-masked"
    EXPECT "irq: unexpected interrupt [0-9]+ masked" "fault: raising interrupt [0-9]+ again"
           "fault: 1 unhandled interrupt\\(s\\) counted")
endif()

if(CELLMATE_HV STREQUAL "jailhouse" AND CELLMATE_QEMU_CONFIGS)
  if(CELLMATE_ARCH STREQUAL "x86")
    include(${CMAKE_CURRENT_LIST_DIR}/cell_x86.cmake)
  else()
    include(${CMAKE_CURRENT_LIST_DIR}/cell.cmake)
  endif()
endif()
