package io.ape.agentdojo.suites.travel;

import io.ape.agentdojo.env.Coerce;
import io.ape.agentdojo.env.Model;
import io.ape.agentdojo.env.Obj;
import io.ape.agentdojo.env.PyEnumValue;
import io.ape.agentdojo.env.TaskEnvironment;
import io.ape.agentdojo.env.TreeReader;
import io.ape.agentdojo.suites.shared.Calendar;
import io.ape.agentdojo.suites.shared.Inbox;
import io.ape.agentdojo.suites.shared.SimulatedClock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The travel suite's environment ({@code TravelEnvironment}: hotels, restaurants, car rental,
 * flights, the user, a calendar, the current reservation and an inbox), with AgentDojo's models
 * as nested classes. Mutable.
 *
 * @since 0.2.0
 */
public final class TravelEnvironment implements TaskEnvironment {
  public final List<Hotel> hotels;
  public final List<Restaurant> restaurants;
  public final List<CarRentalCompany> companies;
  public final List<Flight> flights;
  public final User user;
  public final Calendar calendar;
  public final Reservation reservation;
  public final Inbox inbox;
  final SimulatedClock clock;

  private TravelEnvironment(
      List<Hotel> hotels, List<Restaurant> restaurants, List<CarRentalCompany> companies, List<Flight> flights,
      User user, Calendar calendar, Reservation reservation, Inbox inbox, SimulatedClock clock) {
    this.hotels = hotels;
    this.restaurants = restaurants;
    this.companies = companies;
    this.flights = flights;
    this.user = user;
    this.calendar = calendar;
    this.reservation = reservation;
    this.inbox = inbox;
    this.clock = clock;
  }

  static TravelEnvironment read(Object tree) {
    TreeReader r = TreeReader.of(tree, "");
    SimulatedClock clock = new SimulatedClock();
    List<Hotel> hotels = r.child("hotels").list("hotel_list", Hotel::read);
    List<Restaurant> restaurants = r.child("restaurants").list("restaurant_list", Restaurant::read);
    List<CarRentalCompany> companies = r.child("car_rental").list("company_list", CarRentalCompany::read);
    List<Flight> flights = r.child("flights").list("flight_list", Flight::read);
    TreeReader u = r.child("user");
    User user = new User(u.str("first_name"), u.str("last_name"), u.str("ID_number"), u.str("email"),
        u.str("phone_number"), u.str("address"), u.str("passport_number"), u.str("bank_account_number"),
        u.str("credit_card_number"));
    TreeReader res = r.child("reservation");
    String type = res.optStr("reservation_type", null);
    if (type != null && !List.of("hotel", "car", "restaurant").contains(type)) {
      throw new io.ape.agentdojo.AgentDojoException("reservation.reservation_type: unknown type " + type);
    }
    Reservation reservation = new Reservation(type, res.str("title"), res.dateTime("start_time"),
        res.dateTime("end_time"), res.str("contact_information"));
    return new TravelEnvironment(hotels, restaurants, companies, flights, user,
        Calendar.read(r.raw("calendar"), "calendar"), reservation, Inbox.read(r.raw("inbox"), "inbox", clock), clock);
  }

  @Override
  public TravelEnvironment deepCopy() {
    SimulatedClock c = clock.copy();
    List<Hotel> h = new ArrayList<>();
    hotels.forEach(x -> h.add(x.copy()));
    List<Restaurant> rs = new ArrayList<>();
    restaurants.forEach(x -> rs.add(x.copy()));
    List<CarRentalCompany> cs = new ArrayList<>();
    companies.forEach(x -> cs.add(x.copy()));
    List<Flight> f = new ArrayList<>();
    flights.forEach(x -> f.add(x.copy()));
    return new TravelEnvironment(h, rs, cs, f, user.copy(), calendar.copy(), reservation.copy(), inbox.copy(c), c);
  }

  @Override
  public Obj dump() {
    return Obj.of("TravelEnvironment")
        .put("hotels", Obj.of("Hotels").put("hotel_list", dumpAll(hotels)).build())
        .put("restaurants", Obj.of("Restaurants").put("restaurant_list", dumpAll(restaurants)).build())
        .put("car_rental", Obj.of("CarRental").put("company_list", dumpAll(companies)).build())
        .put("flights", Obj.of("Flights").put("flight_list", dumpAll(flights)).build())
        .put("user", user.dump())
        .put("calendar", calendar.dump())
        .put("reservation", reservation.dump())
        .put("inbox", inbox.dump())
        .build();
  }

  private static List<Object> dumpAll(List<? extends Model> models) {
    List<Object> out = new ArrayList<>();
    models.forEach(m -> out.add(m.dump()));
    return out;
  }

  private static List<Object> rawList(TreeReader r, String key) {
    return new ArrayList<>(r.list(key, (v, p) -> v));
  }

  /** {@code Hotel}. */
  public static final class Hotel implements Model {
    public String name;
    public String city;
    public double rating;
    public double priceMin;
    public double priceMax;
    public String address;
    public List<Object> reviews;

    Hotel(String name, String city, double rating, double priceMin, double priceMax, String address, List<Object> reviews) {
      this.name = name;
      this.city = city;
      this.rating = rating;
      this.priceMin = priceMin;
      this.priceMax = priceMax;
      this.address = address;
      this.reviews = reviews;
    }

    static Hotel read(Object tree, String path) {
      TreeReader r = TreeReader.of(tree, path);
      return new Hotel(r.str("name"), r.str("city"), r.dbl("rating"), r.dbl("price_min"), r.dbl("price_max"),
          r.str("address"), rawList(r, "reviews"));
    }

    Hotel copy() {
      return new Hotel(name, city, rating, priceMin, priceMax, address, new ArrayList<>(reviews));
    }

    @Override
    public Obj dump() {
      return Obj.of("Hotel").put("name", name).put("city", city).put("rating", rating).put("price_min", priceMin)
          .put("price_max", priceMax).put("address", address).put("reviews", new ArrayList<>(reviews)).build();
    }
  }

  /** {@code Restaurant}. */
  public static final class Restaurant implements Model {
    public String name;
    public String city;
    public String address;
    public double rating;
    public double pricePerPerson;
    public String operatingHours;
    public List<Object> reviews;
    public String contactInformation;
    public String cuisineType;
    public String dietaryRestrictions;

    Restaurant(String name, String city, String address, double rating, double pricePerPerson, String operatingHours,
        List<Object> reviews, String contactInformation, String cuisineType, String dietaryRestrictions) {
      this.name = name;
      this.city = city;
      this.address = address;
      this.rating = rating;
      this.pricePerPerson = pricePerPerson;
      this.operatingHours = operatingHours;
      this.reviews = reviews;
      this.contactInformation = contactInformation;
      this.cuisineType = cuisineType;
      this.dietaryRestrictions = dietaryRestrictions;
    }

    static Restaurant read(Object tree, String path) {
      TreeReader r = TreeReader.of(tree, path);
      return new Restaurant(r.str("name"), r.str("city"), r.str("address"), r.dbl("rating"),
          r.dbl("price_per_person"), r.str("operating_hours"), rawList(r, "reviews"), r.str("contact_information"),
          r.str("cuisine_type"), r.str("dietary_restrictions"));
    }

    Restaurant copy() {
      return new Restaurant(name, city, address, rating, pricePerPerson, operatingHours, new ArrayList<>(reviews),
          contactInformation, cuisineType, dietaryRestrictions);
    }

    @Override
    public Obj dump() {
      return Obj.of("Restaurant").put("name", name).put("city", city).put("address", address).put("rating", rating)
          .put("price_per_person", pricePerPerson).put("operating_hours", operatingHours)
          .put("reviews", new ArrayList<>(reviews)).put("contact_information", contactInformation)
          .put("cuisine_type", cuisineType).put("dietary_restrictions", dietaryRestrictions).build();
    }
  }

  /** {@code CarRentalCompany}. */
  public static final class CarRentalCompany implements Model {
    public String name;
    public String city;
    public String address;
    public double rating;
    public double pricePerDay;
    public List<Object> reviews;
    public String contactInformation;
    public List<Object> carTypesAvailable;
    public List<Object> fuelOptions;

    CarRentalCompany(String name, String city, String address, double rating, double pricePerDay, List<Object> reviews,
        String contactInformation, List<Object> carTypesAvailable, List<Object> fuelOptions) {
      this.name = name;
      this.city = city;
      this.address = address;
      this.rating = rating;
      this.pricePerDay = pricePerDay;
      this.reviews = reviews;
      this.contactInformation = contactInformation;
      this.carTypesAvailable = carTypesAvailable;
      this.fuelOptions = fuelOptions;
    }

    static CarRentalCompany read(Object tree, String path) {
      TreeReader r = TreeReader.of(tree, path);
      return new CarRentalCompany(r.str("name"), r.str("city"), r.str("address"), r.dbl("rating"),
          r.dbl("price_per_day"), rawList(r, "reviews"), r.str("contact_information"),
          rawList(r, "car_types_available"), rawList(r, "fuel_options"));
    }

    CarRentalCompany copy() {
      return new CarRentalCompany(name, city, address, rating, pricePerDay, new ArrayList<>(reviews),
          contactInformation, new ArrayList<>(carTypesAvailable), new ArrayList<>(fuelOptions));
    }

    @Override
    public Obj dump() {
      return Obj.of("CarRentalCompany").put("name", name).put("city", city).put("address", address)
          .put("rating", rating).put("price_per_day", pricePerDay).put("reviews", new ArrayList<>(reviews))
          .put("contact_information", contactInformation)
          .put("car_types_available", new ArrayList<>(carTypesAvailable))
          .put("fuel_options", new ArrayList<>(fuelOptions)).build();
    }
  }

  /** {@code Flight}. */
  public static final class Flight implements Model {
    public String airline;
    public String flightNumber;
    public String departureCity;
    public String arrivalCity;
    public LocalDateTime departureTime;
    public LocalDateTime arrivalTime;
    public double price;
    public String contactInformation;

    Flight(String airline, String flightNumber, String departureCity, String arrivalCity, LocalDateTime departureTime,
        LocalDateTime arrivalTime, double price, String contactInformation) {
      this.airline = airline;
      this.flightNumber = flightNumber;
      this.departureCity = departureCity;
      this.arrivalCity = arrivalCity;
      this.departureTime = departureTime;
      this.arrivalTime = arrivalTime;
      this.price = price;
      this.contactInformation = contactInformation;
    }

    static Flight read(Object tree, String path) {
      TreeReader r = TreeReader.of(tree, path);
      return new Flight(r.str("airline"), r.str("flight_number"), r.str("departure_city"), r.str("arrival_city"),
          r.dateTime("departure_time"), r.dateTime("arrival_time"), r.dbl("price"), r.str("contact_information"));
    }

    Flight copy() {
      return new Flight(airline, flightNumber, departureCity, arrivalCity, departureTime, arrivalTime, price,
          contactInformation);
    }

    @Override
    public Obj dump() {
      return Obj.of("Flight").put("airline", airline).put("flight_number", flightNumber)
          .put("departure_city", departureCity).put("arrival_city", arrivalCity)
          .put("departure_time", departureTime).put("arrival_time", arrivalTime).put("price", price)
          .put("contact_information", contactInformation).build();
    }
  }

  /** {@code User}. */
  public static final class User implements Model {
    public String firstName;
    public String lastName;
    public String idNumber;
    public String email;
    public String phoneNumber;
    public String address;
    public String passportNumber;
    public String bankAccountNumber;
    public String creditCardNumber;

    User(String firstName, String lastName, String idNumber, String email, String phoneNumber, String address,
        String passportNumber, String bankAccountNumber, String creditCardNumber) {
      this.firstName = firstName;
      this.lastName = lastName;
      this.idNumber = idNumber;
      this.email = email;
      this.phoneNumber = phoneNumber;
      this.address = address;
      this.passportNumber = passportNumber;
      this.bankAccountNumber = bankAccountNumber;
      this.creditCardNumber = creditCardNumber;
    }

    User copy() {
      return new User(firstName, lastName, idNumber, email, phoneNumber, address, passportNumber, bankAccountNumber,
          creditCardNumber);
    }

    @Override
    public Obj dump() {
      return Obj.of("User").put("first_name", firstName).put("last_name", lastName).put("ID_number", idNumber)
          .put("email", email).put("phone_number", phoneNumber).put("address", address)
          .put("passport_number", passportNumber).put("bank_account_number", bankAccountNumber)
          .put("credit_card_number", creditCardNumber).build();
    }
  }

  /** {@code Reservation}: the one current reservation, overwritten by every booking. */
  public static final class Reservation implements Model {
    /** {@code hotel}, {@code car}, {@code restaurant} (ReservationType), or null. */
    public String reservationType;
    public String title;
    public LocalDateTime startTime;
    public LocalDateTime endTime;
    public String contactInformation;

    Reservation(String reservationType, String title, LocalDateTime startTime, LocalDateTime endTime,
        String contactInformation) {
      this.reservationType = reservationType;
      this.title = title;
      this.startTime = startTime;
      this.endTime = endTime;
      this.contactInformation = contactInformation;
    }

    Reservation copy() {
      return new Reservation(reservationType, title, startTime, endTime, contactInformation);
    }

    @Override
    public Obj dump() {
      return Obj.of("Reservation")
          .put("reservation_type", reservationType == null ? null : new PyEnumValue("ReservationType", reservationType))
          .put("title", title).put("start_time", startTime).put("end_time", endTime)
          .put("contact_information", contactInformation).build();
    }
  }

  static String str(Object v, String path) {
    return Coerce.str(v, path);
  }
}
