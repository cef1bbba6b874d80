-- One database per service (DESIGN.md section 1: no service reads another's database).
CREATE DATABASE gridwatch_intake;
CREATE DATABASE gridwatch_routing;
CREATE DATABASE gridwatch_resolution;
