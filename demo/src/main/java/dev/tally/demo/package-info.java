/** The local stack: a KRaft broker, a database and worker processes on this machine, for the demo and benchmarks. */
package dev.tally.demo;
