/** An ArchitectureRules test fixture. */
package com.example.cyclic.a;
