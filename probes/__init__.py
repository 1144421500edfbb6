"""Instruments that observe the dashboard from outside, shared by the tests, the benchmarks and CI:
the dashboard's server command, a viewer at the websocket-protocol level and a child process's peak
memory."""
