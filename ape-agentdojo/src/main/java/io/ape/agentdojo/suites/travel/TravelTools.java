package io.ape.agentdojo.suites.travel;

import io.ape.agentdojo.suites.shared.PyTime;
import io.ape.agentdojo.suites.shared.SharedTools;
import io.ape.agentdojo.suites.travel.TravelEnvironment.CarRentalCompany;
import io.ape.agentdojo.suites.travel.TravelEnvironment.Flight;
import io.ape.agentdojo.suites.travel.TravelEnvironment.Hotel;
import io.ape.agentdojo.suites.travel.TravelEnvironment.Restaurant;
import io.ape.agentdojo.tools.ToolBody;
import io.ape.agentdojo.tools.ToolFailure;
import io.ape.agentdojo.yaml.PyRepr;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The travel tools (travel_booking_client.py plus the calendar and email tools), with their
 * Python text forms ({@code str(float)}, {@code str(datetime)}) and quirks: {@code
 * get_dietary_restrictions_for_all_restaurants} matches names as substrings of the joined list;
 * {@code reserve_car_rental} sets the end time to the start time; a reservation overwrites the
 * previous one.
 *
 * @since 0.2.0
 */
final class TravelTools {
  private TravelTools() {}

  static Map<String, ToolBody<TravelEnvironment>> all() {
    Map<String, ToolBody<TravelEnvironment>> t = new LinkedHashMap<>();
    t.put("get_user_information", (env, a) -> userInformation(env));
    t.put("get_all_hotels_in_city", (env, a) -> {
      List<String> names = new ArrayList<>();
      env.hotels.forEach(h -> {
        if (h.city.equals(a.str("city"))) {
          names.add(h.name);
        }
      });
      return "Hotel Names: " + String.join("\n", names) + "\n";
    });
    t.put("get_hotels_prices", (env, a) -> {
      List<String> wanted = a.strList("hotel_names");
      Map<String, Object> out = new LinkedHashMap<>();
      for (Hotel h : env.hotels) {
        if (wanted.contains(h.name)) {
          out.put(h.name, "Price range: " + PyRepr.floatRepr(h.priceMin) + " - " + PyRepr.floatRepr(h.priceMax));
        }
      }
      return out;
    });
    t.put("get_hotels_address", (env, a) -> {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Hotel h : env.hotels) {
        if (h.name.equals(a.str("hotel_name"))) {
          out.put(h.name, h.address);
        }
      }
      return out;
    });
    t.put("get_rating_reviews_for_hotels", (env, a) -> {
      List<String> wanted = a.strList("hotel_names");
      Map<String, Object> out = new LinkedHashMap<>();
      for (Hotel h : env.hotels) {
        if (wanted.contains(h.name)) {
          out.put(h.name, "Rating: " + PyRepr.floatRepr(h.rating) + "\nReviews: " + join(h.reviews));
        }
      }
      return out;
    });
    t.put("get_all_restaurants_in_city", (env, a) -> {
      List<String> names = new ArrayList<>();
      env.restaurants.forEach(r -> {
        if (r.city.equals(a.str("city"))) {
          names.add(r.name);
        }
      });
      return "Restaurant in " + a.str("city") + ": " + String.join("\n", names) + "\n";
    });
    t.put("get_restaurants_address", (env, a) -> restaurantField(env, a.strList("restaurant_names"), r -> r.address));
    t.put("get_rating_reviews_for_restaurants", (env, a) -> restaurantField(env, a.strList("restaurant_names"),
        r -> "Rating: " + PyRepr.floatRepr(r.rating) + "\nReviews: " + join(r.reviews)));
    t.put("get_cuisine_type_for_restaurants", (env, a) ->
        restaurantField(env, a.strList("restaurant_names"), r -> r.cuisineType));
    t.put("get_dietary_restrictions_for_all_restaurants", (env, a) -> {
      // Quirk kept: `restaurant.name in ", ".join(restaurant_names)` is a substring test.
      String joined = String.join(", ", a.strList("restaurant_names"));
      Map<String, Object> out = new LinkedHashMap<>();
      for (Restaurant r : env.restaurants) {
        if (joined.contains(r.name)) {
          out.put(r.name, r.dietaryRestrictions);
        }
      }
      return out;
    });
    t.put("get_contact_information_for_restaurants", (env, a) ->
        restaurantField(env, a.strList("restaurant_names"), r -> r.contactInformation));
    t.put("get_price_for_restaurants", (env, a) ->
        restaurantField(env, a.strList("restaurant_names"), r -> r.pricePerPerson));
    t.put("check_restaurant_opening_hours", (env, a) ->
        restaurantField(env, a.strList("restaurant_names"), r -> r.operatingHours));
    t.put("get_all_car_rental_companies_in_city", (env, a) -> {
      List<String> names = new ArrayList<>();
      env.companies.forEach(c -> {
        if (c.city.equals(a.str("city"))) {
          names.add(c.name);
        }
      });
      return "Car Rental Companies in " + a.str("city") + ": " + String.join("\n", names) + "\n";
    });
    t.put("get_car_types_available", (env, a) ->
        companyField(env, a.strList("company_name"), c -> new ArrayList<>(c.carTypesAvailable)));
    t.put("get_rating_reviews_for_car_rental", (env, a) -> companyField(env, a.strList("company_name"),
        c -> "Rating: " + PyRepr.floatRepr(c.rating) + "\nReviews: " + join(c.reviews)));
    t.put("get_car_rental_address", (env, a) -> companyField(env, a.strList("company_name"), c -> c.address));
    t.put("get_car_fuel_options", (env, a) ->
        companyField(env, a.strList("company_name"), c -> new ArrayList<>(c.fuelOptions)));
    t.put("get_car_price_per_day", (env, a) -> companyField(env, a.strList("company_name"), c -> c.pricePerDay));
    t.put("reserve_hotel", (env, a) -> {
      LocalDateTime start = PyTime.fromIsoFormat(a.str("start_day"));
      LocalDateTime end = PyTime.fromIsoFormat(a.str("end_day"));
      env.reservation.contactInformation = env.user.phoneNumber;
      env.reservation.reservationType = "hotel";
      env.reservation.title = a.str("hotel");
      env.reservation.startTime = start;
      env.reservation.endTime = end;
      return "Reservation for " + a.str("hotel") + " from " + a.str("start_day") + " to " + a.str("end_day")
          + " has been made successfully.";
    });
    t.put("reserve_restaurant", (env, a) -> {
      env.reservation.contactInformation = env.user.phoneNumber;
      env.reservation.reservationType = "restaurant";
      env.reservation.title = a.str("restaurant");
      LocalDateTime start = PyTime.fromIsoFormat(a.str("start_time"));
      env.reservation.startTime = start;
      env.reservation.endTime = start.plusHours(2);
      return "Reservation for " + a.str("restaurant") + " from " + PyTime.hourMinute(start) + " to "
          + PyTime.hourMinute(start.plusHours(2)) + " on " + start.toLocalDate() + " has been made successfully.";
    });
    t.put("reserve_car_rental", (env, a) -> {
      env.reservation.contactInformation = env.user.phoneNumber;
      env.reservation.reservationType = "car";
      env.reservation.title = a.str("company");
      LocalDateTime start = PyTime.fromIsoFormat(a.str("start_time"));
      env.reservation.startTime = start;
      env.reservation.endTime = start;
      return "Reservation for a car at " + a.str("company") + " from " + a.str("start_time") + " to "
          + (a.str("end_time") == null ? "None" : a.str("end_time")) + " has been made successfully.";
    });
    t.put("get_flight_information", (env, a) -> {
      List<String> info = new ArrayList<>();
      for (Flight f : env.flights) {
        if (f.departureCity.equals(a.str("departure_city")) && f.arrivalCity.equals(a.str("arrival_city"))) {
          info.add("Airline: " + f.airline + ", Flight Number: " + f.flightNumber + ", Departure Time: "
              + PyRepr.datetime(f.departureTime) + ", Arrival Time: " + PyRepr.datetime(f.arrivalTime)
              + ", Price: " + PyRepr.floatRepr(f.price) + ", Contact Information: " + f.contactInformation);
        }
      }
      return String.join("\n", info);
    });
    SharedTools.calendar(t, env -> env.calendar, env -> env.inbox);
    SharedTools.email(t, env -> env.inbox);
    return t;
  }

  /** {@code get_user_information()}. */
  static Map<String, Object> userInformation(TravelEnvironment env) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("First Name", env.user.firstName);
    m.put("Last Name", env.user.lastName);
    m.put("ID Number", env.user.idNumber);
    m.put("Email", env.user.email);
    m.put("Phone Number", env.user.phoneNumber);
    m.put("Address", env.user.address);
    m.put("Passport Number", env.user.passportNumber);
    m.put("Bank Account Number", env.user.bankAccountNumber);
    m.put("Credit Card Number", env.user.creditCardNumber);
    return m;
  }

  private interface Field<T> {
    Object get(T item) throws ToolFailure;
  }

  private static Map<String, Object> restaurantField(TravelEnvironment env, List<String> names, Field<Restaurant> f)
      throws ToolFailure {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Restaurant r : env.restaurants) {
      if (names.contains(r.name)) {
        out.put(r.name, f.get(r));
      }
    }
    return out;
  }

  private static Map<String, Object> companyField(TravelEnvironment env, List<String> names, Field<CarRentalCompany> f)
      throws ToolFailure {
    Map<String, Object> out = new LinkedHashMap<>();
    for (CarRentalCompany c : env.companies) {
      if (names.contains(c.name)) {
        out.put(c.name, f.get(c));
      }
    }
    return out;
  }

  /** {@code "\n".join(reviews)}: a review that is not a string is a TypeError, as in Python. */
  private static String join(List<Object> reviews) throws ToolFailure {
    List<String> parts = new ArrayList<>();
    int i = 0;
    for (Object r : reviews) {
      if (!(r instanceof String s)) {
        throw new ToolFailure("TypeError", "sequence item " + i + ": expected str instance, "
            + io.ape.agentdojo.env.DeepDiff.typeName(r) + " found");
      }
      parts.add(s);
      i++;
    }
    return String.join("\n", parts);
  }
}
