#include <iostream>

#include "lab/cli/commands.hpp"

int main(int argc, char** argv) { return klab::cli::run(argc, argv, std::cout, std::cerr); }
