# Source me (bash or sh):  . scripts/mpi-env.sh
# Open MPI (Debian 12's 4.1) settings for one machine, a CI runner or a container — what
# the `mpi` tests, tests/integration/slurm and the local Slurm of scripts/slurm-local/ use.
# Not for a real cluster: the transport choice below keeps Open MPI on one node.
# Everything here is an environment variable, so it also reaches jobs submitted with sbatch
# (which exports the submitting environment by default) and every rank mpirun starts.
# See docs/HPC.md, "Troubleshooting".

# Running as root (CI, containers): Open MPI refuses unless BOTH are set (or mpirun is given
# --allow-run-as-root); the first alone is not enough. They do nothing for other users.
export OMPI_ALLOW_RUN_AS_ROOT=1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# More ranks than cores (the tests run 4 ranks on 2 cores): same as mpirun --oversubscribe;
# without it mpirun stops with "There are not enough slots available in the system".
export OMPI_MCA_rmaps_base_oversubscribe=1

# One node, shared memory only: no probing of InfiniBand/TCP/OFI, no UCX. Open MPI picks
# these by itself on a plain machine; fixing them avoids warnings in some containers.
export OMPI_MCA_btl=self,vader
export OMPI_MCA_pml=ob1
export OMPI_MCA_btl_base_warn_component_unused=0
# Containers often forbid the cross-memory-attach (ptrace) single copy: without this, large
# messages fail with "Read -1, expected ..., errno = 1".
export OMPI_MCA_btl_vader_single_copy_mechanism=none
